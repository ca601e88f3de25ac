using Fleet.Domain.People;
using Fleet.Domain.Positions;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Terminals;
using Fleet.Samples.DemoCity;
using Fleet.Samples.DemoCity.Geography;
using Fleet.Samples.DemoCity.Tracks;
using Fleet.Server.Positions.Store;
using Alba;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Demo;

/// <summary>
/// The demo city's last month as a supervisor finds it in the positions: every car carries a terminal, every trip it
/// drove has a track along the roads, and the named cars of 江岸区 play out the misuse the reconciliation looks for.
/// </summary>
public sealed partial class DemoCityTests
{
    private static readonly Lazy<(DemoCityGenerator Generator, DemoTracks Tracks, List<DemoEvent> Events)> Played = new(() =>
    {
        var generator = new DemoCityGenerator(DemoCitySize.Tiny, Seed, FleetApp.Start, Zone);
        var tracks = new DemoTracks(WCityMap.Load(), Zone, generator.TracksFrom, FleetApp.Start);
        var events = generator.Generate().ToList();
        events.ForEach(tracks.Observe);
        _ = tracks.Plan(generator.PaddedTrips).Count();
        return (generator, tracks, events);
    });

    [Fact]
    public async Task The_map_is_served_without_a_sign_in_as_geojson_for_the_pages_to_draw()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/maps/w-city.geojson");
            s.StatusCodeShouldBeOk();
            s.ContentTypeShouldBe("application/geo+json");
        });

        (await result.ReadAsTextAsync()).Should().Contain("\"FeatureCollection\"");
    }

    [Fact]
    public async Task Every_car_carries_a_terminal_bound_by_the_pools_fleet_admin()
    {
        await using var session = app.Store.QuerySession();
        var vehicles = await session.Query<Vehicle>().Where(v => v.AnyTenant()).ToListAsync();
        var registry = await session.Query<TerminalRegistration>().Where(t => t.AnyTenant()).ToListAsync();

        vehicles.Should().NotBeEmpty().And.OnlyContain(v => v.Terminal != null);
        registry.Select(r => r.Terminal).Should().BeEquivalentTo(vehicles.Select(v => v.Terminal!.Number), "the registry the gateway asks knows each of them");
    }

    [Fact]
    public async Task Every_trip_of_the_last_month_has_its_track_from_its_car_between_its_start_and_its_return()
    {
        var (generator, _, events) = Played.Value;
        var started = events.Select(e => e.Data).OfType<TripStarted>().ToDictionary(s => s.TripId);
        var finished = events.Where(e => e.Data is TripFinished f && started[f.TripId].At >= generator.TracksFrom && f.ReturnedAt <= FleetApp.Start)
            .Select(e => (Pool: e.Pool, Trip: (TripFinished)e.Data)).ToList();
        var reader = app.Host.Services.GetRequiredService<PositionReader>();
        var map = WCityMap.Load();
        var westOfAll = map.Nodes.Min(n => n.Longitude) - 0.001;
        var eastOfAll = map.Nodes.Max(n => n.Longitude) + 0.001;

        finished.Should().HaveCountGreaterThan(20);
        foreach (var (pool, trip) in finished)
        {
            var track = await reader.TrackAsync(pool, trip.VehicleId, new Interval(started[trip.TripId].At, trip.ReturnedAt + Duration.FromSeconds(1)), CancellationToken.None);
            track.Should().HaveCountGreaterThan(1, $"trip {trip.TripId} was driven with a terminal in the car");
            track.Should().OnlyContain(p => p.LongitudeDegrees > westOfAll && p.LongitudeDegrees < eastOfAll, "the car stays on the map's roads");
            track.Select(p => p.Mileage).Should().BeInAscendingOrder("the terminal's mileage only grows");
        }
    }

    [Fact]
    public async Task The_named_cars_of_jiangan_play_out_each_misuse_in_their_positions()
    {
        var (_, tracks, events) = Played.Value;
        var reader = app.Host.Services.GetRequiredService<PositionReader>();
        var map = WCityMap.Load();
        var trips = events.Select(e => e.Data).OfType<TripStarted>().ToDictionary(s => s.TripId);
        var finishes = events.Select(e => e.Data).OfType<TripFinished>().ToDictionary(f => f.TripId);
        tracks.Misuses.Select(m => m.Kind).Should().BeEquivalentTo(Enum.GetValues<DemoMisuseKind>(), "every misuse is played by some car");
        tracks.Misuses.Select(m => m.VehicleId).Should().OnlyHaveUniqueItems("each misuse by a car of its own, so that a tester can tell them apart");
        var pool = DemoTracks.MisusePool;
        var depot = map.Depot(pool).Point;

        foreach (var misuse in tracks.Misuses)
        {
            var trip = misuse.TripId is { } id ? (Started: trips[id], Finished: finishes[id]) : default;
            var day = new Interval(misuse.At - Duration.FromHours(1), misuse.At + Duration.FromHours(20));
            var track = await reader.TrackAsync(pool, misuse.VehicleId, day, CancellationToken.None);
            track.Should().NotBeEmpty($"{misuse.Kind} by {misuse.Plate}");
            switch (misuse.Kind)
            {
                case DemoMisuseKind.PaddedLogbook:
                    var driven = await reader.TrackAsync(pool, misuse.VehicleId, new Interval(trip.Started.At, trip.Finished.ReturnedAt + Duration.FromSeconds(1)), CancellationToken.None);
                    var declared = (trip.Finished.OdometerIn.Metres - trip.Started.OdometerOut.Metres) / 1000d;
                    // Honest tracks drive about what was declared (errands make up a short way); this one drives 40 km less.
                    ((driven[^1].Mileage!.Value - driven[0].Mileage!.Value) / 10d).Should().BeApproximately(declared - 40, 8, "the logbook says 40 km more than the car drove");
                    break;
                case DemoMisuseKind.NotBackOvernight:
                    var night = misuse.At.InZone(Zone).Date.PlusDays(1).At(new LocalTime(3, 0)).InZoneLeniently(Zone).ToInstant();
                    var atNight = track.Last(p => p.At <= night);
                    new GeoPoint(atNight.LatitudeDegrees, atNight.LongitudeDegrees).MetresTo(depot).Should().BeGreaterThan(2_000, "at three in the morning the car is not at its depot");
                    break;
                case DemoMisuseKind.FlaggedPlaceDetour:
                    var place = map.Flagged.Single(p => p.NameZh == misuse.Place).Point;
                    var there = track.Where(p => new GeoPoint(p.LatitudeDegrees, p.LongitudeDegrees).MetresTo(place) < 300).ToList();
                    (there[^1].At - there[0].At).Should().BeGreaterThanOrEqualTo(Duration.FromMinutes(55), "the car stayed an hour");
                    break;
                case DemoMisuseKind.TerminalUnplugged:
                    track.Last(p => p.At < trip.Finished.ReturnedAt).Alarm.Should().Be(DemoTracks.MainPowerCut);
                    track.Should().NotContain(p => p.At > track.Single(q => q.Alarm != 0).At && p.At <= trip.Finished.ReturnedAt, "nothing more until the trip was over");
                    break;
                case DemoMisuseKind.WeekendDrive:
                    misuse.At.InZone(Zone).DayOfWeek.Should().Be(IsoDayOfWeek.Saturday);
                    track.Should().Contain(p => p.Speed > 0, "the car drove");
                    trips.Values.Should().NotContain(s => s.VehicleId == misuse.VehicleId && s.At.InZone(Zone).Date == misuse.At.InZone(Zone).Date, "no trip that day");
                    break;
            }
        }
    }

    [Fact]
    public async Task The_checks_after_the_first_start_flag_each_misuse_on_its_trip_or_its_cars_day()
    {
        var (_, tracks, _) = Played.Value;
        var kinds = new Dictionary<DemoMisuseKind, (string Kind, bool OnTrip)>
        {
            [DemoMisuseKind.PaddedLogbook] = ("trackDistanceMismatch", true),
            [DemoMisuseKind.FlaggedPlaceDetour] = ("geofenceDwell", true),
            [DemoMisuseKind.TerminalUnplugged] = ("terminalSilent", true),
            [DemoMisuseKind.NotBackOvernight] = ("notBackOvernight", false),
            [DemoMisuseKind.WeekendDrive] = ("movementWithoutTrip", false),
        };
        var missing = tracks.Misuses.ToList();
        for (var attempt = 0; attempt < 240 && missing.Count > 0; attempt++)
        {
            await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
            foreach (var misuse in missing.ToList())
            {
                var (kind, onTrip) = kinds[misuse.Kind];
                var report = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, $"/api/compliance?period={misuse.At.InZone(Zone):yyyy-MM}&kind={kind}");
                var found = report.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag")).Any(f => onTrip
                    ? f.TryGetProperty("tripId", out var trip) && trip.ValueKind == System.Text.Json.JsonValueKind.String && trip.GetGuid() == misuse.TripId
                    : f.GetProperty("vehicleId").GetGuid() == misuse.VehicleId);
                if (found) missing.Remove(misuse);
            }

            if (missing.Count > 0) await Task.Delay(500);
        }

        missing.Select(m => $"{m.Kind} by {m.Plate}").Should().BeEmpty("the demo's tracks are checked after its first start, with the city's area, " +
                                                                      "the pools' bases and the supervisors' geofences");
    }
}
