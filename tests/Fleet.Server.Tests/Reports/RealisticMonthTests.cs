using System.Net;
using Fleet.Domain.People;
using Fleet.Projections.Logbook;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Reports;

/// <summary>
/// A month of two district pools driven through the API — 300 trips with cancellations after dispatch,
/// reassignments, late returns, an odometer gap, an odometer correction and ratings — and every view checked
/// against figures the test computes from its own plan, not from the views' code.
/// </summary>
public class RealisticMonthTests(RealisticMonthTests.MonthLongTimers app) : IClassFixture<RealisticMonthTests.MonthLongTimers>
{
    /// <summary>
    /// The month is replayed on a fake clock that jumps ahead trip by trip, while timers are delivered on the real
    /// one: a trip left unconfirmed would close itself at an arbitrary point. Closing waits past the month here.
    /// </summary>
    public sealed class MonthLongTimers : FleetApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Fleet:Trips:AutoCloseAfter"] = "60.00:00:00" };
    }

    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private const int CarsPerPool = 4;

    private static Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(Wuhan).ToInstant();

    /// <summary>What the test planned for one trip, and so what the views must show for it.</summary>
    private sealed record Planned(string Pool, int Index, int Day, int Hour, int Car, bool Cancelled, bool Reassigned, bool Late, int Km, decimal Tolls,
        decimal Parking, int? Stars, bool Gap = false)
    {
        public decimal Cost => Tolls + Parking;
        public decimal Hours => Late ? 2.75m : 2m;
    }

    [Fact]
    public async Task Every_view_adds_up_to_what_was_driven()
    {
        var plan = new List<Planned>();
        var odometer = new Dictionary<Guid, decimal>();
        var carsByPool = new Dictionary<string, List<Guid>>();
        var spares = new Dictionary<string, Guid>();
        var days = Enumerable.Range(3, 26).Where(d => At(d, 9).InZone(Wuhan).DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)).ToList();

        foreach (var pool in new[] { FleetApp.Jiangan, FleetApp.Jianghan })
        {
            app.Clock.Reset(At(2, 9, 30));
            carsByPool[pool] = [];
            for (var c = 0; c <= CarsPerPool; c++)
            {
                var car = await app.RoadworthyVehicleAsync(pool, TestPlates.Next('M'));
                await app.PostAs(pool, Role.FleetAdmin, $"/api/vehicles/{car}/odometer", new { kilometres = 10_000 });
                odometer[car] = 10_000;
                if (c < CarsPerPool) carsByPool[pool].Add(car);
                else spares[pool] = car;
            }

            var index = 0;
            foreach (var day in days.Take(19))
            foreach (var hour in new[] { 9, 14 })
            for (var c = 0; c < CarsPerPool && index < 150; c++, index++)
            {
                var planned = new Planned(pool, index, day, hour, c, Cancelled: index % 7 == 3, Reassigned: c == 0 && hour == 9 && index % 7 != 3,
                    Late: index % 11 == 5, Km: 10 + index % 17, Tolls: index % 3 * 5, Parking: index % 4 == 0 ? 10 : 0,
                    Stars: index % 3 == 0 ? 3 + index % 3 : null, Gap: index == 22);
                await DriveAsync(planned, carsByPool[pool][c], spares[pool], odometer);
                plan.Add(planned with { Index = index });
            }
        }

        // At the end of the month a reading typed too high is corrected down.
        app.Clock.Reset(At(29, 10));
        var corrected = carsByPool[FleetApp.Jiangan][1];
        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{corrected}/odometer/correction",
            new { kilometres = odometer[corrected] - 3, reason = "回场里程录入多记3公里" });
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(2));
        var driven = plan.Where(p => !p.Cancelled).ToList();

        // Logbook and monthly figures, pool by pool and car by car.
        foreach (var pool in carsByPool.Keys)
        {
            var report = await app.GetAs(pool, Role.Supervisor, "/api/reports/figures?period=2026-11");
            var mine = driven.Where(p => p.Pool == pool).ToList();
            report.GetProperty("totals").GetProperty("trips").GetInt32().Should().Be(mine.Count);
            report.GetProperty("totals").GetProperty("distanceKm").GetDecimal().Should().Be(mine.Sum(p => p.Km));
            report.GetProperty("totals").GetProperty("cost").GetDecimal().Should().Be(mine.Sum(p => p.Cost));
            report.GetProperty("totals").GetProperty("hoursInUse").GetDecimal().Should().Be(mine.Sum(p => p.Hours));
            report.GetProperty("totals").GetProperty("ratings").GetInt32().Should().Be(mine.Count(p => p.Stars is not null));
            report.GetProperty("totals").GetProperty("averageRating").GetDecimal().Should()
                .Be(Math.Round((decimal)mine.Where(p => p.Stars is not null).Sum(p => p.Stars!.Value) / mine.Count(p => p.Stars is not null), 2));

            var spare = report.GetProperty("vehicles").EnumerateArray().Single(v => v.GetProperty("vehicleId").GetGuid() == spares[pool]);
            spare.GetProperty("trips").GetInt32().Should().Be(mine.Count(p => p.Reassigned), "every reassigned trip was driven by the spare car");
            for (var c = 1; c < CarsPerPool; c++)
            {
                var car = report.GetProperty("vehicles").EnumerateArray().Single(v => v.GetProperty("vehicleId").GetGuid() == carsByPool[pool][c]);
                var its = mine.Where(p => p.Car == c && !p.Reassigned).ToList();
                car.GetProperty("trips").GetInt32().Should().Be(its.Count);
                car.GetProperty("distanceKm").GetDecimal().Should().Be(its.Sum(p => p.Km));
                car.GetProperty("idleDays").GetInt32().Should().Be(30 - its.Select(p => p.Day).Distinct().Count());

                var logbook = await app.GetAs(pool, Role.Dispatcher, $"/api/logbook?vehicleId={carsByPool[pool][c]}&month=2026-11");
                logbook.GetProperty("totals").GetProperty("trips").GetInt32().Should().Be(its.Count);
                logbook.GetProperty("totals").GetProperty("cost").GetDecimal().Should().Be(its.Sum(p => p.Cost));
            }

            var compliance = await app.GetAs(pool, Role.Supervisor, "/api/compliance?period=2026-11");
            var late = compliance.GetProperty("byKind").TryGetProperty("beyondApprovedWindow", out var count) ? count.GetInt32() : 0;
            late.Should().Be(mine.Count(p => p.Late));
            Count(compliance, "odometerGap").Should().Be(mine.Count(p => p.Gap));
            Count(compliance, "odometerTurnedBack").Should().Be(pool == FleetApp.Jiangan ? 1 : 0);
        }

        var city = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/reports/city?period=2026-11");
        city.GetProperty("city").GetProperty("trips").GetInt32().Should().Be(driven.Count);
        city.GetProperty("city").GetProperty("distanceKm").GetDecimal().Should().Be(driven.Sum(p => p.Km));

        // No skipped events: every logbook line is at its trip stream's version.
        foreach (var pool in new[] { FleetApp.JianganPool, FleetApp.JianghanPool })
        {
            await using var session = app.Store.QuerySession(pool);
            var lines = await session.Query<LogbookEntry>().ToListAsync();
            lines.Should().HaveCountGreaterThanOrEqualTo(150);
            foreach (var line in lines)
                line.Version.Should().Be((await session.Events.FetchStreamStateAsync(line.Id))!.Version, $"trip {line.Id}");
        }
    }

    private static int Count(System.Text.Json.JsonElement compliance, string kind) =>
        compliance.GetProperty("byKind").TryGetProperty(kind, out var count) ? count.GetInt32() : 0;

    private async Task DriveAsync(Planned p, Guid car, Guid spare, Dictionary<Guid, decimal> odometer)
    {
        app.Clock.Reset(At(p.Day, 7));
        var trip = await app.DispatchedTripAsync(p.Pool, car, driver: null, new TripBuilder()
            .For($"月度检查{p.Index}", "检查调研").Carrying(2, "张三").From("区政府").To("街道").Between(At(p.Day, p.Hour), At(p.Day, p.Hour + 2)).SelfDriven());
        if (p.Cancelled)
        {
            await app.PostAs(p.Pool, Role.Clerk, $"/api/trips/{trip.Id}/cancel", new { reason = "计划调整" });
            return;
        }

        if (p.Reassigned)
        {
            await app.PostAs(p.Pool, Role.Dispatcher, $"/api/trips/{trip.Id}/reassign", new { vehicleId = spare, reason = "原车临时保养" });
            car = spare;
        }

        // The car was driven 5 km without a trip on record before this one.
        if (p.Gap) odometer[car] += 5;
        app.Clock.Reset(At(p.Day, p.Hour));
        await trip.StartAsync(odometer[car]);
        var back = At(p.Day, p.Hour + 2, p.Late ? 45 : 0);
        app.Clock.Reset(back);
        odometer[car] += p.Km;
        await trip.FinishAsync(odometer[car], new { tolls = p.Tolls, parking = p.Parking, returnedAt = back.ToString() });
        if (p.Stars is { } stars) await trip.ConfirmAsync(stars);
    }
}
