using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Reports;

/// <summary>
/// A trip over the end of a month — out from 20:00 on 30 November to 10:00 on 1 December — is used time in both
/// months, a day out in each, and one trip of November; the months add up to the year.
/// </summary>
public sealed class LogbookTotalsTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jianghan;
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static Instant Local(int month, int day, int hour) => new LocalDateTime(2026, month, day, hour, 0).InZoneStrictly(Wuhan).ToInstant();

    [Fact]
    public async Task A_trip_over_the_end_of_a_month_is_used_time_in_both()
    {
        var car = await OvernightTripAsync();

        foreach (var (period, trips, hours, idleDays, km) in new[]
                 {
                     ("2026-11", 1, 4.0m, 29, 85.0m),
                     ("2026-12", 0, 10.0m, 30, 0.0m),
                     ("2026-11-30", 1, 4.0m, 0, 85.0m),
                     ("2026-12-01", 0, 10.0m, 0, 0.0m),
                     ("2026", 1, 14.0m, 363, 85.0m),
                 })
        {
            var report = await app.GetAs(Pool, Role.FleetAdmin, $"/api/reports/figures?period={period}");

            var figures = report.GetProperty("vehicles").EnumerateArray().Single(v => v.GetProperty("vehicleId").GetGuid() == car);
            (figures.GetProperty("trips").GetInt32(), figures.GetProperty("hoursInUse").GetDecimal(), figures.GetProperty("idleDays").GetInt32(),
                figures.GetProperty("distanceKm").GetDecimal()).Should().Be((trips, hours, idleDays, km), period);
            report.GetProperty("totals").GetProperty("trips").GetInt32().Should().Be(trips, period);
        }
    }

    /// <summary>Written as the trip's events: an overnight trip needs approvals the test is not about.</summary>
    private async Task<Guid> OvernightTripAsync()
    {
        var car = await app.RoadworthyVehicleAsync(Pool, "鄂A·N1130");
        var start = Local(11, 30, 20);
        var end = Local(12, 1, 10);
        var now = Local(11, 30, 8);
        var trip = Guid.CreateVersion7();
        var reserved = Reservations.For(start, end, DispatchSettings.Default);
        await using (var session = app.Store.LightweightSession(FleetApp.JianghanPool))
        {
            var details = new TripDetails(TripPurpose.Meeting, "夜间会议", 2, ["张三"], "区政府", ["市民之家"], start, end, null, false, TripUrgency.Normal, false);
            session.Events.StartStream<Trip>(trip,
                new TripRequested(trip, details, "JH0001", FleetApp.JianghanPool, Guid.Empty, now),
                new TripAutoApproved(trip, 1, [PolicyReasons.WithinAutoLimits], now),
                new TripDispatched(trip, new DispatchOrderNumber(FleetApp.JianghanPool, 2026, 1),
                    new Assignment(car, "鄂A·N1130", Fleet.Domain.Vehicles.VehicleClass.Sedan, 5, null, null, reserved.Start, reserved.End), null, Guid.Empty, now),
                new TripStarted(trip, car, Guid.Empty, Fleet.Domain.Common.Distance.FromKilometres(1000), start),
                new TripFinished(trip, car, Guid.Empty, Fleet.Domain.Common.Distance.FromKilometres(1085), 8, null, 60, 0, 0, 0, end, end));
            await session.SaveChangesAsync();
        }

        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        return car;
    }
}
