using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Domain.Positions;
using Fleet.Server.Positions.Intake;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Positions;

/// <summary>
/// Three cars of 江岸 with terminals on 2026-11-03: car A drove trip A (08:55–10:30 local) and is back, car B is on
/// self-driven trip B since 09:55, car C is on no trip. The clock stands at 10:30 local.
/// </summary>
public sealed class TrackWorld : IAsyncLifetime
{
    public FleetApp App { get; } = new();
    public Guid CarA { get; private set; }
    public Guid CarB { get; private set; }
    public Guid CarC { get; private set; }
    public string TerminalA { get; private set; } = "";
    public TestTrip TripA { get; private set; } = null!;
    public TestTrip TripB { get; private set; } = null!;

    public static Instant At(int hour, int minute) => Instant.FromUtc(2026, 11, 3, hour, minute);

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        CarA = await App.RoadworthyVehicleAsync(FleetApp.Jiangan);
        CarB = await App.RoadworthyVehicleAsync(FleetApp.Jiangan);
        CarC = await App.RoadworthyVehicleAsync(FleetApp.Jiangan);
        TerminalA = await BindAsync(CarA);
        var terminalB = await BindAsync(CarB);
        var terminalC = await BindAsync(CarC);
        var driver = await App.AccountDriverAsync(FleetApp.Jiangan);

        TripA = await App.DispatchedTripAsync(FleetApp.Jiangan, CarA, driver,
            new TripBuilder().For("安全生产检查").To("武汉港").Between("2026-11-03T09:00:00+08:00", "2026-11-03T11:00:00+08:00"));
        TripB = await App.DispatchedTripAsync(FleetApp.Jiangan, CarB, null,
            new TripBuilder().SelfDriven().For("调研走访").To("天河机场").Between("2026-11-03T10:00:00+08:00", "2026-11-03T12:00:00+08:00"));

        App.Clock.Reset(At(0, 55));
        await TripA.AcceptAsync();
        await TripA.StartAsync(1000);
        App.Clock.Reset(At(1, 55));
        await TripB.StartAsync(2000);

        App.Clock.Reset(At(2, 30));
        var intake = App.Host.Services.GetRequiredService<IPositionIntake>();
        // Car A: one fix before its trip (a private errand only supervisors may see), then an hour of its trip.
        var report = await intake.TakeAsync([.. Drive(TerminalA, At(0, 30), 1), .. Drive(TerminalA, At(1, 0), 360),
            .. Drive(terminalB, At(2, 0), 121), .. Drive(terminalC, At(2, 10), 1)], default);
        report.Stored.Should().Be(483);
        await TripA.FinishAsync(1032);
    }

    private async Task<string> BindAsync(Guid car)
    {
        var terminal = TerminalBindingTests.NextTerminal();
        await App.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{car}/terminal", new { terminal });
        return "0" + terminal;
    }

    /// <summary>North-east across Hankou, one fix every ten seconds, at 40 km/h.</summary>
    private static IEnumerable<Position> Drive(string terminal, Instant from, int count) =>
        Enumerable.Range(0, count).Select(i => new Position(terminal, from + Duration.FromSeconds(10 * i), from + Duration.FromSeconds(10 * i + 1),
            30_593_000 + i * 30 + (i % 7) * 40, 114_305_000 + i * 30, 23, 400, 45, 0, 0x3));

    public Task DisposeAsync() => App.DisposeAsync();
}

/// <summary>
/// A car's positions are its driver's personal data (issue 23): the pool's dispatchers see them during trips, supervisors
/// also outside trips, nobody else at all; every look at a track is recorded and listed for supervisors.
/// </summary>
public sealed class TrackTests(TrackWorld world) : IClassFixture<TrackWorld>
{
    private readonly FleetApp app = world.App;

    private Task<JsonElement> Track(Guid trip, Role role, string pool = FleetApp.Jiangan, HttpStatusCode expected = HttpStatusCode.OK) =>
        app.GetAs(pool, role, $"/api/trips/{trip}/track", expected);

    private async Task<IReadOnlyList<JsonElement>> LooksAsync(string pool = FleetApp.Jiangan) =>
        (await app.GetAs(pool, Role.Supervisor, "/api/track-looks?month=2026-11")).EnumerateArray().ToList();

    [Fact]
    public async Task A_trips_track_runs_from_leaving_to_coming_back_for_dispatchers_and_supervisors()
    {
        foreach (var role in new[] { Role.Dispatcher, Role.Supervisor })
        {
            var track = await Track(world.TripA.Id, role);
            track.GetProperty("from").GetString().Should().Be("2026-11-03T00:55:00Z");
            track.GetProperty("to").GetString().Should().Be("2026-11-03T02:30:00Z");
            track.GetProperty("running").GetBoolean().Should().BeFalse();
            track.GetProperty("recorded").GetInt32().Should().Be(360, "the fix before the car left is no part of the trip");
            var points = track.GetProperty("points").EnumerateArray().ToList();
            points.Should().HaveCount(360, "a track this short is drawn whole");
            points[0].GetProperty("local").GetString().Should().Be("2026-11-03 09:00:00", "times are shown on the local clock");
            points[0].GetProperty("speedKmh").GetDecimal().Should().Be(40m);
            track.GetProperty("vehicleId").GetGuid().Should().Be(world.CarA);
        }

        var running = await Track(world.TripB.Id, Role.Dispatcher);
        running.GetProperty("running").GetBoolean().Should().BeTrue();
        running.GetProperty("to").GetString().Should().Be("2026-11-03T02:30:00Z", "a trip on its way is shown up to now");
        running.GetProperty("recorded").GetInt32().Should().Be(121);
    }

    [Fact]
    public async Task Nobody_else_sees_a_track_and_other_districts_find_no_trip()
    {
        foreach (var role in new[] { Role.Clerk, Role.Approver, Role.Driver, Role.FleetAdmin })
        {
            (await Track(world.TripA.Id, role, expected: HttpStatusCode.Forbidden)).Code().Should().Be("auth.forbidden");
            (await app.GetAs(FleetApp.Jiangan, role, $"/api/vehicles/{world.CarA}/track?from=2026-11-03&to=2026-11-03", HttpStatusCode.Forbidden))
                .Code().Should().Be("auth.forbidden");
            (await app.GetAs(FleetApp.Jiangan, role, $"/api/pools/{FleetApp.JianganPool}/live", HttpStatusCode.Forbidden)).Code().Should().Be("auth.forbidden");
            (await app.GetAs(FleetApp.Jiangan, role, "/api/track-looks", HttpStatusCode.Forbidden)).Code().Should().Be("auth.forbidden");
        }

        (await app.GetAs(FleetApp.Jiangan, Role.Dispatcher, $"/api/vehicles/{world.CarA}/track?from=2026-11-03&to=2026-11-03", HttpStatusCode.Forbidden))
            .Code().Should().Be("auth.forbidden", "outside its trips a car's track is for supervisors");
        (await Track(world.TripA.Id, Role.Dispatcher, FleetApp.Jianghan, HttpStatusCode.NotFound)).Code().Should().Be("trip.not_found");
        (await Track(world.TripA.Id, Role.Supervisor, FleetApp.Jianghan, HttpStatusCode.NotFound)).Code().Should().Be("trip.not_found");
        (await app.GetAs(FleetApp.Jianghan, Role.Supervisor, $"/api/vehicles/{world.CarA}/track?from=2026-11-03&to=2026-11-03", HttpStatusCode.NotFound))
            .Code().Should().Be("vehicle.not_found");
        (await app.GetAs(FleetApp.Jianghan, Role.Dispatcher, $"/api/pools/{FleetApp.JianganPool}/live", HttpStatusCode.NotFound)).Code().Should().Be("pool.not_found");
    }

    [Fact]
    public async Task A_supervisor_sees_a_cars_track_outside_its_trips_and_bad_periods_are_problems()
    {
        var day = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, $"/api/vehicles/{world.CarA}/track?from=2026-11-03&to=2026-11-03");
        day.GetProperty("recorded").GetInt32().Should().Be(361, "the whole local day, the fix before the trip included");
        day.GetProperty("tripId").ValueKind.Should().Be(JsonValueKind.Null);
        day.GetProperty("from").GetString().Should().Be("2026-11-02T16:00:00Z", "the local day starts at midnight in 武汉");
        var summary = day.GetProperty("summary");
        summary.GetProperty("kilometres").GetDecimal().Should().BeInRange(3.5m, 4m, "an hour creeping north-east, zig-zagging as the fixes do, read as the reconciliation reads it");
        summary.GetProperty("stops").GetArrayLength().Should().Be(0, "creeping at walking pace is no drive, so there is no stop between drives");
        var trip = summary.GetProperty("trips").EnumerateArray().Should().ContainSingle().Subject;
        trip.GetProperty("tripId").GetGuid().Should().Be(world.TripA.Id, "car A's trip, not car B's");
        trip.GetProperty("localStart").GetString().Should().Be("2026-11-03 09:00:00");
        trip.GetProperty("destinations")[0].GetString().Should().Be("武汉港");

        var moments = await app.GetAs(FleetApp.Jiangan, Role.Supervisor,
            $"/api/vehicles/{world.CarA}/track?from=2026-11-03T08:00:00%2B08:00&to=2026-11-03T09:00:00%2B08:00");
        moments.GetProperty("recorded").GetInt32().Should().Be(1);

        var city = await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/vehicles/{world.CarA}/track?from=2026-11-03&to=2026-11-03");
        city.GetProperty("recorded").GetInt32().Should().Be(361, "the city's supervisors see every district");

        string Url(string query) => $"/api/vehicles/{world.CarA}/track?{query}";
        (await app.GetAs(FleetApp.Jiangan, Role.Supervisor, Url("from=2026-11-04&to=2026-11-02"), HttpStatusCode.BadRequest)).Code().Should().Be("track.period_invalid");
        (await app.GetAs(FleetApp.Jiangan, Role.Supervisor, Url("from=2026-10-01&to=2026-11-30"), HttpStatusCode.BadRequest)).Code().Should().Be("track.period_too_long");
        (await app.GetAs(FleetApp.Jiangan, Role.Supervisor, Url("from=yesterday&to=2026-11-03"), HttpStatusCode.BadRequest)).Code().Should().Be("request.moment_invalid");
        (await app.GetAs(FleetApp.Jiangan, Role.Supervisor, Url("from=2026-13-03&to=2026-11-03"), HttpStatusCode.BadRequest)).Code().Should().Be("track.day_invalid");
        (await app.GetAs(FleetApp.Jiangan, Role.Supervisor, Url("to=2026-11-03"), HttpStatusCode.BadRequest)).Code().Should().Be("validation.required");
    }

    [Fact]
    public async Task Every_look_is_recorded_in_the_cars_pool_and_listed_for_supervisors()
    {
        var before = (await LooksAsync()).Count;
        await Track(world.TripA.Id, Role.Dispatcher);
        await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/trips/{world.TripA.Id}/track");
        await app.GetAs(FleetApp.Jiangan, Role.Supervisor, $"/api/vehicles/{world.CarA}/track?from=2026-11-03&to=2026-11-03");

        var looks = await LooksAsync();
        looks.Should().HaveCount(before + 3, "each look is one record, the city supervisor's in the district's pool too");
        var newest = looks.Take(3).Select(l => l.GetProperty("look")).ToList();
        newest.Select(l => l.GetProperty("viewerLogin").GetString()).Should().BeEquivalentTo("jiangan.dispatcher", "city.supervisor", "jiangan.supervisor");
        newest.Should().OnlyContain(l => l.GetProperty("vehicleId").GetGuid() == world.CarA);
        var dayLook = newest.Single(l => l.GetProperty("viewerLogin").GetString() == "jiangan.supervisor");
        dayLook.GetProperty("tripId").ValueKind.Should().Be(JsonValueKind.Null);
        dayLook.GetProperty("from").GetString().Should().Be("2026-11-02T16:00:00Z");
        dayLook.GetProperty("positions").GetInt32().Should().Be(361);
        newest.Single(l => l.GetProperty("viewerLogin").GetString() == "jiangan.dispatcher").GetProperty("tripId").GetGuid().Should().Be(world.TripA.Id);
        looks.Take(3).Should().OnlyContain(l => l.GetProperty("pool").GetString() == FleetApp.JianganPool);

        (await LooksAsync(FleetApp.City)).Count.Should().BeGreaterThanOrEqualTo(looks.Count, "the city's supervisors see every pool's looks");
        (await LooksAsync(FleetApp.Jianghan)).Should().BeEmpty("nobody looked at a track of 江汉");
        (await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/track-looks?month=2026-1", HttpStatusCode.BadRequest)).Code().Should().Be("track.month_invalid");

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        var stored = await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "track_viewed").ToListAsync();
        stored.Should().HaveCountGreaterThanOrEqualTo(3);
        stored.Select(e => e.StreamId).Distinct().Should().ContainSingle("one stream holds a pool's looks of a month");
    }

    [Fact]
    public async Task The_live_map_shows_dispatchers_the_cars_on_trips_and_supervisors_every_car()
    {
        Dictionary<Guid, JsonElement> Mine(JsonElement map) => map.GetProperty("cars").EnumerateArray()
            .Where(c => new[] { world.CarA, world.CarB, world.CarC }.Contains(c.GetProperty("vehicleId").GetGuid()))
            .ToDictionary(c => c.GetProperty("vehicleId").GetGuid());

        var dispatcher = Mine(await app.GetAs(FleetApp.Jiangan, Role.Dispatcher, $"/api/pools/{FleetApp.JianganPool}/live"));
        dispatcher.Should().HaveCount(3);
        dispatcher[world.CarB].GetProperty("tripId").GetGuid().Should().Be(world.TripB.Id);
        dispatcher[world.CarB].GetProperty("destination").GetString().Should().Be("天河机场");
        dispatcher[world.CarB].GetProperty("position").GetProperty("local").GetString().Should().Be("2026-11-03 10:20:00");
        dispatcher[world.CarB].GetProperty("ageSeconds").GetInt64().Should().Be(600);
        foreach (var idle in new[] { world.CarA, world.CarC })
        {
            dispatcher[idle].GetProperty("hidden").GetBoolean().Should().BeTrue();
            dispatcher[idle].GetProperty("position").ValueKind.Should().Be(JsonValueKind.Null, "where a car is between trips is not the dispatcher's to see");
        }

        var supervisor = Mine(await app.GetAs(FleetApp.Jiangan, Role.Supervisor, $"/api/pools/{FleetApp.JianganPool}/live"));
        supervisor.Values.Should().OnlyContain(c => c.GetProperty("position").ValueKind == JsonValueKind.Object && !c.GetProperty("hidden").GetBoolean());
        supervisor[world.CarA].GetProperty("tripId").ValueKind.Should().Be(JsonValueKind.Null, "car A is back");
        Mine(await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/pools/{FleetApp.JianganPool}/live")).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_trip_whose_car_has_not_left_has_no_track()
    {
        var car = await app.RoadworthyVehicleAsync(FleetApp.Jiangan);
        var trip = await app.DispatchedTripAsync(FleetApp.Jiangan, car, null, new TripBuilder().SelfDriven().Between("2026-11-20T09:00:00+08:00", "2026-11-20T10:00:00+08:00"));
        (await Track(trip.Id, Role.Dispatcher, expected: HttpStatusCode.Conflict)).Code().Should().Be("track.trip_not_started");
    }

    [Fact]
    public async Task A_cars_terminal_number_is_shown_to_nobody_through_the_vehicle_registry()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            var vehicle = await app.GetAs(FleetApp.Jiangan, role, $"/api/vehicles/{world.CarA}");
            vehicle.GetRawText().Should().NotContain(world.TerminalA[1..], "{0} reads the registry, which holds no terminal number", role);
        }
    }
}
