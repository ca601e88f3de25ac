using System.Text.Json;
using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using Fleet.Server.Scheduling;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Scheduling;

/// <summary>
/// A car ten years in service has been to the workshop a hundred and twenty times and its driver on leave as often; the
/// registry keeps every visit and every leave, but the dispatch board and the candidates read only what is not over.
/// </summary>
public sealed class RosterHistoryTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static Instant Local(int year, int month, int day, int hour) => new LocalDateTime(year, month, day, hour, 0).InZoneStrictly(Wuhan).ToInstant();

    [Fact]
    public async Task Past_workshop_visits_and_leave_stay_out_of_the_board_and_the_candidates()
    {
        app.Clock.Reset(FleetApp.Start);
        var car = await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('H'));
        var driver = await app.DriverAsync(Pool, $"老司机{Random.Shared.Next(1000, 9999)}");
        var (visit, leave) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var session = app.Store.LightweightSession(FleetApp.JianganPool))
        {
            foreach (var (year, month) in from y in Enumerable.Range(2016, 10) from m in Enumerable.Range(1, 12) select (y, m))
            {
                var (job, away) = (Guid.NewGuid(), Guid.NewGuid());
                var (starts, ends) = (Local(year, month, 10, 9), Local(year, month, 10, 17));
                session.Events.Append(car,
                    new MaintenanceScheduled(car, job, new Interval(starts, ends), MaintenanceKind.Routine, null, starts),
                    new MaintenanceStarted(car, job, starts),
                    new MaintenanceCompleted(car, job, null, ends));
                session.Events.Append(driver, new DriverLeaveScheduled(driver, away, new Interval(starts, ends), LeaveKind.Annual, null, starts));
            }

            // Tomorrow the car goes to the workshop for the morning and the driver is away all day.
            session.Events.Append(car, new MaintenanceScheduled(car, visit, new Interval(Local(2026, 11, 3, 9), Local(2026, 11, 3, 13)),
                MaintenanceKind.Repair, null, FleetApp.Start));
            session.Events.Append(driver, new DriverLeaveScheduled(driver, leave, new Interval(Local(2026, 11, 3, 0), Local(2026, 11, 4, 0)),
                LeaveKind.Sick, null, FleetApp.Start));
            await session.SaveChangesAsync();
        }

        await using var read = app.Store.QuerySession(FleetApp.JianganPool);
        (await read.LoadAsync<Vehicle>(car))!.MaintenanceWindows.Should().HaveCount(121, "the registry shows a car's whole history");
        (await read.LoadAsync<Driver>(driver))!.Leave.Should().HaveCount(121);

        var roster = app.Host.Services.GetRequiredService<PoolRoster>();
        var now = await roster.ForAsync(read, FleetApp.Start, CancellationToken.None);
        now.Vehicles.Single(v => v.Id == car).MaintenanceWindows.Select(w => w.MaintenanceId).Should().Equal(visit);
        now.Drivers.Single(d => d.Id == driver).Leave.Select(l => l.LeaveId).Should().Equal(leave);
        var lastYear = await roster.ForAsync(read, Local(2025, 1, 1, 0), CancellationToken.None);
        lastYear.Vehicles.Single(v => v.Id == car).MaintenanceWindows.Should().HaveCount(13, "a report of 2025 needs that year's visits");
        lastYear.Drivers.Single(d => d.Id == driver).Leave.Should().HaveCount(13);

        var trip = await app.RequestTripAsync(Pool, new TripBuilder().Between("2026-11-03T10:00:00+08:00", "2026-11-03T12:00:00+08:00"));
        var candidates = await app.GetAs(Pool, Role.Dispatcher, $"/api/trips/{trip.Id}/candidates");
        Reasons(candidates, "vehicles", "vehicleId", car).Select(r => r.GetProperty("maintenance").GetProperty("maintenanceId").GetGuid())
            .Should().Equal(visit);
        Reasons(candidates, "drivers", "driverId", driver).Select(r => r.GetProperty("leave").GetProperty("leaveId").GetGuid())
            .Should().Equal(leave);

        var board = await app.GetAs(Pool, Role.Dispatcher, "/api/dispatch-board?day=2026-11-03");
        board.GetProperty("vehicles").EnumerateArray().Single(v => v.GetProperty("vehicleId").GetGuid() == car)
            .GetProperty("place").GetString().Should().Be("atBase", "the visit has not begun");
    }

    private static IEnumerable<JsonElement> Reasons(JsonElement candidates, string list, string id, Guid wanted) =>
        candidates.GetProperty(list).EnumerateArray().Single(c => c.GetProperty(id).GetGuid() == wanted).GetProperty("unavailable").EnumerateArray();
}
