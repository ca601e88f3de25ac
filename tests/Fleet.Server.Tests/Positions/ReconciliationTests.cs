using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Samples.DemoHost;
using Fleet.Domain.Positions;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Server.Positions.Intake;
using Fleet.Server.Positions.Reconciliation;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Wolverine;
using Xunit;

namespace Fleet.Server.Tests.Positions;

/// <summary>
/// Tracks against trips in the server: a finished trip whose logbook says 40 km more than its track drove, a car that
/// drove on a day with no trip, and a car with no terminal, each as the compliance list shows it afterwards.
/// </summary>
public sealed class ReconciliationTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static Instant Local(int day, int hour, int minute = 0) => new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(Wuhan).ToInstant();

    private IPositionIntake Intake => app.Host.Services.GetRequiredService<IPositionIntake>();

    /// <summary>Runs a check as the timer or the subscription would have it run, and waits for it.</summary>
    private async Task InvokeAsync(object message)
    {
        using var scope = app.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message);
    }

    /// <summary>A roadworthy car with a terminal bound (its number as the terminal sends it), or without one.</summary>
    private async Task<(Guid Car, string? Terminal)> CarAsync(bool withTerminal, string pool = Pool)
    {
        var car = await app.RoadworthyVehicleAsync(pool, TestPlates.Next('R'));
        if (!withTerminal) return (car, null);
        var terminal = TerminalBindingTests.NextTerminal();
        await app.PostAs(pool, Role.FleetAdmin, $"/api/vehicles/{car}/terminal", new { terminal });
        return (car, "0" + terminal);
    }

    /// <summary>
    /// A drive due north from Hankou, a fix every ten seconds with the ignition on and a satellite fix, each 0.00027° (about
    /// 30 m) on from the one before: 10.8 km/h, some 1.8 km every ten minutes.
    /// </summary>
    private static List<Position> Drive(string terminal, Instant from, Instant to) =>
        Enumerable.Range(0, (int)((to - from).TotalSeconds / 10) + 1).Select(i => new Position(terminal, from + Duration.FromSeconds(10 * i),
            from + Duration.FromSeconds(10 * i + 2), 30_593_000 + i * 270, 114_305_000, 23, 108, 0, Alarm: 0, Status: 0x3u)).ToList();

    private async Task<JsonElement> FlagsAsync(string query, string pool = Pool)
    {
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        return await app.GetAs(pool, Role.Supervisor, $"/api/compliance?{query}");
    }

    private async Task<IReadOnlyList<string>> EventsOfAsync(Guid stream, string pool = Pool) =>
        (await StreamAsync(stream, pool)).Select(e => e.EventTypeName).ToList();

    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> StreamAsync(Guid stream, string pool)
    {
        await using var session = app.Store.QuerySession(FleetApp.PoolCode(pool));
        return await session.Events.FetchStreamAsync(stream);
    }

    /// <summary>The trip's check runs when the trip is finished, behind the subscription and a queued message.</summary>
    private async Task<IReadOnlyList<string>> ReconciledAsync(Guid trip, string pool = Pool)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
            var events = await EventsOfAsync(trip, pool);
            if (events.Contains("trip_track_reconciled")) return events;
            await Task.Delay(250);
        }

        throw new TimeoutException($"Trip {trip} was not reconciled.");
    }

    /// <summary>
    /// How many checks of the trip the subscription queued, once it has passed the trip's last event: Wolverine keeps a
    /// handled message's row for a while, so a check already run is counted too.
    /// </summary>
    private async Task<long> ChecksAskedForAsync(Guid trip, string pool = Pool)
    {
        var last = (await StreamAsync(trip, pool)).Max(e => e.Sequence);
        for (var attempt = 0; attempt < 240 && await app.ScalarSqlAsync<long>(
                 $"select coalesce(max(last_seq_id), 0) from mt_event_progression where name = '{TripFinishedFeed.Name}:All'") < last; attempt++)
            await Task.Delay(250);
        return await app.ScalarSqlAsync<long>(
            $"select count(*) from wolverine_incoming_envelopes where message_type ilike '%reconciletrip' and position(convert_to('{trip}', 'UTF8') in body) > 0");
    }

    [Fact]
    public async Task A_logbook_padded_by_40_km_is_flagged_with_the_tracked_and_declared_distances_once_per_policy_version()
    {
        app.Clock.Reset(Local(3, 8));
        var (car, terminal) = await CarAsync(withTerminal: true);
        var driver = await app.AccountDriverAsync(Pool);
        var trip = await app.DispatchedTripAsync(Pool, car, driver, new TripBuilder().On(new LocalDate(2026, 11, 3), 10, 12));
        await trip.AcceptAsync();
        app.Clock.Reset(Local(3, 9, 55));
        await trip.StartAsync(12000m);
        app.Clock.Reset(Local(3, 11, 50));
        (await Intake.TakeAsync(Drive(terminal!, Local(3, 9, 56), Local(3, 11, 46)), default)).Stored.Should().Be(661);
        await trip.FinishAsync(12060m);

        (await ReconciledAsync(trip.Id)).Count(e => e == "trip_track_reconciled").Should().Be(1);
        (await ChecksAskedForAsync(trip.Id)).Should().Be(1, "the finish queued one check of the trip");
        var report = await FlagsAsync("period=2026-11&kind=trackDistanceMismatch");
        var flag = report.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag"))
            .Should().ContainSingle(f => f.GetProperty("tripId").GetGuid() == trip.Id).Which;
        var evidence = flag.GetProperty("evidence");
        (evidence.GetProperty("km").GetString(), evidence.GetProperty("declaredKm").GetString(), evidence.GetProperty("toleranceKm").GetString(),
            evidence.GetProperty("policyVersion").GetString()).Should().Be(("19.8", "60.0", "3.0", "1"));
        (evidence.GetProperty("from").GetString(), evidence.GetProperty("to").GetString()).Should().Be(("2026-11-03 09:55", "2026-11-03 11:50"),
            "the finding spans the trip from its departure to its return, in local time");

        await InvokeAsync(new ReconcileTrip(FleetApp.PoolCode(Pool), trip.Id));
        (await EventsOfAsync(trip.Id)).Count(e => e == "trip_track_reconciled").Should().Be(1, "a trip is checked once per version of the thresholds");
    }

    [Fact]
    public async Task A_drive_on_a_day_with_no_trip_is_flagged_by_the_day_check()
    {
        app.Clock.Reset(Local(4, 13));
        var (car, terminal) = await CarAsync(withTerminal: true);
        app.Clock.Reset(Local(4, 15));
        await Intake.TakeAsync(Drive(terminal!, Local(4, 14), Local(4, 14, 30)), default);

        app.Clock.Reset(Local(5, 3, 30));
        await InvokeAsync(new ReconcileDays(new LocalDate(2026, 11, 4)));
        await InvokeAsync(new ReconcileDays(new LocalDate(2026, 11, 4)));

        (await EventsOfAsync(car)).Count(e => e == "vehicle_day_reconciled").Should().Be(1, "a car-day is checked once per version of the thresholds");
        var report = await FlagsAsync("period=2026-11-04&kind=movementWithoutTrip");
        var plate = (await app.GetAs(Pool, Role.FleetAdmin, $"/api/vehicles/{car}")).GetProperty("plate").GetString();
        var flag = report.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag"))
            .Should().ContainSingle(f => f.GetProperty("vehicleId").GetGuid() == car).Which;
        flag.GetProperty("plate").GetString().Should().Be(plate);
        var evidence = flag.GetProperty("evidence");
        (evidence.GetProperty("from").GetString(), evidence.GetProperty("km").GetString(), evidence.GetProperty("day").GetString())
            .Should().Be(("2026-11-04 14:00", "5.4", "2026-11-04"));
    }

    /// <summary>Two nodes' nightly runs, or a late recheck meeting one, check the same car-day at the same moment.</summary>
    [Fact]
    public async Task Two_checks_of_one_car_day_at_once_write_one_finding()
    {
        app.Clock.Reset(Local(12, 13));
        var (car, terminal) = await CarAsync(withTerminal: true);
        app.Clock.Reset(Local(12, 15));
        await Intake.TakeAsync(Drive(terminal!, Local(12, 14), Local(12, 14, 30)), default);

        app.Clock.Reset(Local(13, 3, 30));
        var day = new LocalDate(2026, 11, 12);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => InvokeAsync(i % 2 == 0
            ? new ReconcileDays(day)
            : new ReconcileDays(day, FleetApp.PoolCode(Pool), car))));

        (await EventsOfAsync(car)).Count(e => e == "vehicle_day_reconciled").Should().Be(1, "the checks that lost the race found the winner's mark");
    }

    [Fact]
    public async Task A_terminals_late_batch_checks_its_finished_trip_and_its_past_day_again_and_a_repeat_adds_nothing()
    {
        app.Clock.Reset(Local(10, 8));
        var (car, terminal) = await CarAsync(withTerminal: true);
        var driver = await app.AccountDriverAsync(Pool);
        var trip = await app.DispatchedTripAsync(Pool, car, driver, new TripBuilder().On(new LocalDate(2026, 11, 10), 10, 12));
        await trip.AcceptAsync();
        app.Clock.Reset(Local(10, 9, 55));
        await trip.StartAsync(12000m);
        // Out of signal from 10:50: the terminal keeps the rest of the drive and uploads it the next morning.
        var drive = Drive(terminal!, Local(10, 9, 56), Local(10, 11, 46));
        var live = drive.Where(p => p.At <= Local(10, 10, 50)).ToList();
        app.Clock.Reset(Local(10, 10, 51));
        await Intake.TakeAsync(live, default);
        app.Clock.Reset(Local(10, 11, 50));
        await trip.FinishAsync(12020m);
        (await ReconciledAsync(trip.Id)).Count(e => e == "trip_track_reconciled").Should().Be(1);

        app.Clock.Reset(Local(11, 9));
        await Intake.TakeAsync(drive.Except(live).ToList(), default);
        var checks = await TrackChecksAsync(trip.Id, count: 2);
        checks[1].TrackKilometres.Should().BeGreaterThan(checks[0].TrackKilometres!.Value + 5, "the second check reads the late half of the drive");
        for (var attempt = 0; attempt < 120 && !(await EventsOfAsync(car)).Contains("vehicle_day_reconciled"); attempt++) await Task.Delay(250);
        (await EventsOfAsync(car)).Should().ContainSingle(e => e == "vehicle_day_reconciled", "the day the late fixes belong to is over: it is checked");

        await Intake.TakeAsync(drive.Except(live).ToList(), default);
        await InvokeAsync(new ReconcileTrip(FleetApp.PoolCode(Pool), trip.Id));
        await InvokeAsync(new ReconcileDays(new LocalDate(2026, 11, 10)));
        (await EventsOfAsync(trip.Id)).Count(e => e == "trip_track_reconciled").Should().Be(2, "the same track is not checked twice");
        (await EventsOfAsync(car)).Count(e => e == "vehicle_day_reconciled").Should().Be(1);
    }

    /// <summary>The trip's checks once there are <paramref name="count"/>: a late batch's check is queued, not awaited.</summary>
    private async Task<IReadOnlyList<TripTrackReconciled>> TrackChecksAsync(Guid trip, int count)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            await using var session = app.Store.QuerySession(FleetApp.PoolCode(Pool));
            var checks = (await session.Events.FetchStreamAsync(trip)).Select(e => e.Data).OfType<TripTrackReconciled>().ToList();
            if (checks.Count >= count) return checks;
            await Task.Delay(250);
        }

        throw new TimeoutException($"Trip {trip} was not checked {count} times.");
    }

    [Fact]
    public async Task A_car_without_a_terminal_is_not_checked_and_nothing_is_flagged()
    {
        app.Clock.Reset(Local(6, 8));
        var (car, _) = await CarAsync(withTerminal: false);
        var driver = await app.AccountDriverAsync(Pool);
        var trip = await app.DispatchedTripAsync(Pool, car, driver, new TripBuilder().On(new LocalDate(2026, 11, 6), 10, 12));
        await trip.DriveAsync(12000m, 12090m, Local(6, 10), Local(6, 11, 50));

        (await ChecksAskedForAsync(trip.Id)).Should().Be(0, "a car with no terminal has no track to check, so no check is queued for its trip");
        await InvokeAsync(new ReconcileTrip(FleetApp.PoolCode(Pool), trip.Id));
        await InvokeAsync(new ReconcileDays(new LocalDate(2026, 11, 6)));

        (await EventsOfAsync(trip.Id)).Should().NotContain("trip_track_reconciled");
        (await EventsOfAsync(car)).Should().NotContain("vehicle_day_reconciled");
        var report = await FlagsAsync("period=2026-11-06");
        report.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag"))
            .Should().NotContain(f => f.GetProperty("kind").GetString() == "trackDistanceMismatch" || f.GetProperty("vehicleId").ValueKind != JsonValueKind.Null
                && f.GetProperty("vehicleId").GetGuid() == car && f.GetProperty("kind").GetString() == "movementWithoutTrip");
    }

    [Fact]
    public async Task A_fleet_admin_puts_new_thresholds_in_force_one_version_at_a_time_and_bad_values_are_refused()
    {
        app.Clock.Reset(Local(2, 9));
        var current = await app.GetAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/reconciliation-policy");
        current.GetProperty("version").GetInt32().Should().Be(1, "a pool that never changed its thresholds works under the default");
        var form = JsonSerializer.Deserialize<Dictionary<string, object?>>(current.GetRawText())!;
        form["version"] = 2;
        form["distanceToleranceKm"] = 5m;

        var changed = await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/reconciliation-policy", form);
        (changed.GetProperty("version").GetInt32(), changed.GetProperty("distanceToleranceKm").GetDecimal()).Should().Be((2, 5m));
        (await app.GetAs(FleetApp.Jianghan, Role.Supervisor, "/api/reconciliation-policy")).GetProperty("version").GetInt32().Should().Be(2);
        (await app.GetAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/reconciliation-policy")).GetProperty("version").GetInt32().Should().Be(1,
            "each pool keeps its own thresholds");

        // Who put the version in force and when is recorded with it, and read back as the page shows the history.
        await using (var session = app.Store.QuerySession(FleetApp.JianghanPool))
        {
            var versions = await ReconciliationPolicyHistory.VersionsAsync(session, default);
            versions.Select(v => (v.Policy.Version, v.ChangedAt)).Should().Equal((2, Local(2, 9)), (1, null));
            var admin = await session.LoadAsync<User>(versions[0].ChangedBy!.Value);
            admin!.LoginName.Should().Be(DemoCity.Login(FleetApp.Jianghan, Role.FleetAdmin));
        }

        (await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/reconciliation-policy", form, HttpStatusCode.Conflict)).Code()
            .Should().Be("reconciliation.version_not_next", "a change made from a stale version is refused");

        form["version"] = 3;
        form["distanceToleranceKm"] = 0m;
        form["nightEnd"] = form["nightStart"];
        form.Remove("signalGap");
        var refused = await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/reconciliation-policy", form, HttpStatusCode.BadRequest);
        refused.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("field").GetString()))
            .Should().BeEquivalentTo([("reconciliation.out_of_range", "distanceToleranceKm"), ("reconciliation.night_empty", "nightEnd"),
                ("validation.required", "signalGap")]);
        (await app.GetAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/reconciliation-policy")).GetProperty("version").GetInt32().Should().Be(2,
            "a refused change puts nothing in force");

        foreach (var role in new[] { Role.Supervisor, Role.Dispatcher, Role.Clerk, Role.Approver, Role.Driver })
            await app.PostAs(FleetApp.Jianghan, role, "/api/reconciliation-policy", form, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_trip_finished_after_the_thresholds_changed_is_checked_under_the_new_version()
    {
        const string pool = FleetApp.City;
        app.Clock.Reset(Local(9, 8));
        var current = await app.GetAs(pool, Role.FleetAdmin, "/api/reconciliation-policy");
        var form = JsonSerializer.Deserialize<Dictionary<string, object?>>(current.GetRawText())!;
        var version = current.GetProperty("version").GetInt32() + 1;
        form["version"] = version;
        form["distanceToleranceKm"] = 7.5m;
        await app.PostAs(pool, Role.FleetAdmin, "/api/reconciliation-policy", form);

        var (car, terminal) = await CarAsync(withTerminal: true, pool);
        var driver = await app.AccountDriverAsync(pool);
        var trip = await app.DispatchedTripAsync(pool, car, driver, new TripBuilder().On(new LocalDate(2026, 11, 9), 10, 12));
        await trip.AcceptAsync();
        app.Clock.Reset(Local(9, 9, 55));
        await trip.StartAsync(12000m);
        app.Clock.Reset(Local(9, 11, 50));
        await Intake.TakeAsync(Drive(terminal!, Local(9, 9, 56), Local(9, 11, 46)), default);
        await trip.FinishAsync(12060m);

        await ReconciledAsync(trip.Id, pool);
        var reconciled = (await StreamAsync(trip.Id, pool)).Select(e => e.Data).OfType<TripTrackReconciled>().Should().ContainSingle().Which;
        reconciled.PolicyVersion.Should().Be(version, "the check reads the thresholds in force when it runs");
        var flag = (await FlagsAsync("period=2026-11&kind=trackDistanceMismatch", pool)).GetProperty("flags").EnumerateArray()
            .Select(f => f.GetProperty("flag")).Should().ContainSingle(f => f.GetProperty("tripId").GetGuid() == trip.Id).Which;
        var evidence = flag.GetProperty("evidence");
        (evidence.GetProperty("toleranceKm").GetString(), evidence.GetProperty("policyVersion").GetString())
            .Should().Be(("7.5", version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_supervisor_draws_redraws_and_removes_geofences_and_shapes_that_are_no_place_are_refused()
    {
        var circle = await app.PostAs(FleetApp.Jianghan, Role.Supervisor, "/api/geofences",
            new { name = "东湖风景区", kind = "ScenicSpot", centre = new { latitude = 30.556, longitude = 114.397 }, radiusMetres = 1500 }, HttpStatusCode.Created);
        var polygon = await app.PostAs(FleetApp.Jianghan, Role.Supervisor, "/api/geofences",
            new
            {
                name = "某娱乐会所", kind = "EntertainmentVenue",
                polygon = new[] { new { latitude = 30.60, longitude = 114.27 }, new { latitude = 30.60, longitude = 114.28 }, new { latitude = 30.61, longitude = 114.28 } },
            }, HttpStatusCode.Created);
        polygon.GetProperty("shape").GetProperty("polygon").GetArrayLength().Should().Be(4, "the ring is stored closed");

        var id = circle.GetProperty("id").GetGuid();
        await app.PostAs(FleetApp.Jianghan, Role.Supervisor, $"/api/geofences/{id}",
            new { name = "东湖风景区（听涛）", kind = "ScenicSpot", centre = new { latitude = 30.556, longitude = 114.397 }, radiusMetres = 800 });
        var listed = await app.GetAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/geofences");
        listed.EnumerateArray().Select(g => g.GetProperty("name").GetString()).Should().Equal("东湖风景区（听涛）", "某娱乐会所");
        (await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/geofences")).GetArrayLength().Should().Be(0, "geofences are the pool's");

        await app.PostAs(FleetApp.Jianghan, Role.Supervisor, $"/api/geofences/{polygon.GetProperty("id").GetGuid()}/remove", new { });
        (await app.GetAs(FleetApp.Jianghan, Role.Supervisor, "/api/geofences")).GetArrayLength().Should().Be(1);
        (await app.PostAs(FleetApp.Jianghan, Role.Supervisor, $"/api/geofences/{Guid.NewGuid()}/remove", new { }, HttpStatusCode.NotFound)).Code()
            .Should().Be("geofence.not_found");
        await app.PostAs(FleetApp.Jianghan, Role.Dispatcher, "/api/geofences", new { name = "x" }, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("""{"kind":"Other","centre":{"latitude":30.5,"longitude":114.3},"radiusMetres":500}""", "validation.required", "name")]
    [InlineData("""{"name":"a","kind":"Other","centre":{"latitude":30.5,"longitude":114.3},"radiusMetres":5}""", "geofence.radius_out_of_range", "radiusMetres")]
    [InlineData("""{"name":"a","kind":"Other","centre":{"latitude":30.5,"longitude":114.3},"radiusMetres":50001}""", "geofence.radius_out_of_range", "radiusMetres")]
    [InlineData("""{"name":"a","kind":"Other","centre":{"latitude":95,"longitude":114.3},"radiusMetres":500}""", "geofence.point_off_globe", "centre")]
    [InlineData("""{"name":"a","kind":"Other","polygon":[{"latitude":30.5,"longitude":114.3},{"latitude":30.6,"longitude":114.3},{"latitude":30.5,"longitude":114.3}]}""",
        "geofence.too_few_corners", "polygon")]
    [InlineData("""{"name":"a","kind":"Other","polygon":[{"latitude":0,"longitude":0},{"latitude":1,"longitude":1},{"latitude":0,"longitude":1},{"latitude":1,"longitude":0}]}""",
        "geofence.polygon_crosses_itself", "polygon")]
    [InlineData("""{"name":"a","kind":"Other"}""", "geofence.shape_missing", "polygon")]
    [InlineData("""{"name":"a","centre":{"latitude":30.5,"longitude":114.3},"radiusMetres":500}""", "validation.required", "kind")]
    public async Task A_geofence_that_is_no_place_is_refused_with_what_to_write(string body, string code, string field)
    {
        var refused = await app.PostAs(FleetApp.Jianghan, Role.Supervisor, "/api/geofences", JsonDocument.Parse(body).RootElement, HttpStatusCode.BadRequest);
        refused.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("field").GetString()))
            .Should().Contain((code, field));
    }
}
