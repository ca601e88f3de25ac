using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Server.Trips.Driving;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using NodaTime;
using Npgsql;
using Wolverine.Tracking;
using Xunit;

namespace Fleet.Server.Tests.Trips;

/// <summary>
/// A trip's whole life through HTTP, every role in turn, in 江岸's pool. The fake clock is moved to
/// Monday 2029-03-05 09:30 in Wuhan, so that the trips' timers lie in the real future and stay in the database,
/// scheduled, until a test fires them by hand.
/// </summary>
public class TripLifeTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;
    private static readonly Instant Monday = Instant.FromUtc(2029, 3, 5, 1, 30);

    private static Instant Local(int day, int hour, int minute = 0) =>
        new LocalDateTime(2029, 3, day, hour, minute).InZoneStrictly(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).ToInstant();

    /// <summary>A roadworthy sedan at 12,000 km and the registry record the demo driver account drives as.</summary>
    private async Task<(Guid Vehicle, Guid Driver)> CarAndDriver()
    {
        app.Clock.Reset(Monday);
        var vehicle = await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('L'), papersFrom: "2029-01-01", papersUntil: "2029-12-31");
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/odometer", new { kilometres = 12000 });
        return (vehicle, await app.AccountDriverAsync(Pool));
    }

    private Task<TestTrip> DispatchedTrip(Guid vehicle, Guid driver, int day) =>
        app.DispatchedTripAsync(Pool, vehicle, driver, new TripBuilder()
            .For("安全生产专项检查", "检查调研").To("武汉港").On(new LocalDate(2029, 3, day), 9, 11));

    [Fact]
    public async Task A_trip_goes_from_request_to_closed_through_every_role()
    {
        var (vehicle, driver) = await CarAndDriver();
        var trip = await DispatchedTrip(vehicle, driver, 6);

        (await app.GetAs(Pool, Role.Driver, "/api/my/assignments")).EnumerateArray().Should().Contain(t => t.GetProperty("id").GetGuid() == trip.Id);
        (await trip.AcceptAsync()).GetProperty("status").GetString().Should().Be("accepted");

        app.Clock.Reset(Local(6, 8, 50));
        var started = await trip.StartAsync(12010.5m);
        started.GetProperty("status").GetString().Should().Be("inProgress");
        started.GetProperty("odometerGap").GetBoolean().Should().BeTrue("10.5 km were driven since the last recorded reading");

        app.Clock.Reset(Local(6, 11, 25));
        var finished = await trip.FinishAsync(12062.3m, new { fuelLitres = 5.2m, fuelCost = 41.6m, parking = 10m, returnedAt = "2029-03-06T11:20:00+08:00" });
        finished.GetProperty("status").GetString().Should().Be("completed");
        finished.GetProperty("returnedAt").GetString().Should().Be("2029-03-06T03:20:00Z");

        (await app.PostAs(Pool, Role.Clerk, $"/api/trips/{trip}/confirm", new { stars = 6 }, HttpStatusCode.BadRequest)).GetProperty("errors")
            .EnumerateArray().Single().GetProperty("code").GetString().Should().Be("trip.stars_out_of_range");
        var closed = await trip.ConfirmAsync(5, "准时、安全");
        closed.GetProperty("status").GetString().Should().Be("closed");
        closed.GetProperty("stars").GetInt32().Should().Be(5);
        (await app.GetAs(Pool, Role.Driver, $"/api/trips/{trip}")).GetProperty("status").GetString().Should().Be("closed",
            "the driver still reads the trip they drove once it has left their assignments");
        var history = await app.GetAs(Pool, Role.Driver, "/api/my/trips?pageSize=5");
        history.GetProperty("items").EnumerateArray().Should().Contain(t => t.GetProperty("id").GetGuid() == trip.Id,
            "the trip brought back is in the driver's history");
        (await app.GetAs(Pool, Role.Driver, "/api/my/trips?pageSize=0", HttpStatusCode.BadRequest)).GetProperty("errors")
            .EnumerateArray().Single().GetProperty("code").GetString().Should().Be("paging.page_size_invalid");

        (await trip.EventTypesAsync()).Should().Equal(
            "trip_requested", "trip_auto_approved", "trip_dispatched", "trip_accepted", "trip_started", "trip_odometer_gap_recorded",
            "trip_finished", "trip_completion_confirmed", "trip_rated", "trip_closed");
        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        (await session.Events.FetchStreamAsync(vehicle)).Select(e => e.Data).OfType<OdometerRead>().Select(r => (r.Reading.Metres, r.Source))
            .Should().Equal((12_000_000L, OdometerSource.Manual), (12_010_500L, OdometerSource.Trip), (12_062_300L, OdometerSource.Trip));
    }

    [Fact]
    public async Task A_declined_trip_goes_back_to_dispatch_and_only_its_driver_or_requester_acts_on_it()
    {
        var (vehicle, driver) = await CarAndDriver();
        var trip = await DispatchedTrip(vehicle, driver, 7);

        (await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{trip}/accept", new { }, HttpStatusCode.Forbidden)).Code().Should().Be("auth.forbidden");
        (await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{trip}/start", new { odometerKm = 12000 }, HttpStatusCode.Forbidden)).Code()
            .Should().Be("trip.not_assigned_driver", "a dispatcher hands over only the keys of a car the unit drives itself");
        (await app.PostAs(Pool, Role.Driver, $"/api/trips/{trip}/start", new { odometerKm = 12000 }, HttpStatusCode.Conflict)).Code()
            .Should().Be("trip.not_accepted");
        (await app.PostAs(Pool, Role.Driver, $"/api/trips/{trip}/decline", new { }, HttpStatusCode.BadRequest)).Code().Should().Be("validation.required");

        var declined = await app.PostAs(Pool, Role.Driver, $"/api/trips/{trip}/decline", new { reason = "当天需陪同体检" });
        declined.GetProperty("status").GetString().Should().Be("approved");
        (await app.GetAs(Pool, Role.Driver, "/api/my/assignments")).EnumerateArray().Should().NotContain(t => t.GetProperty("id").GetGuid() == trip.Id);
        await app.GetAs(Pool, Role.Driver, $"/api/trips/{trip}", HttpStatusCode.NotFound);
        (await app.PostAs(Pool, Role.Clerk, $"/api/trips/{trip}/confirm", new { }, HttpStatusCode.Conflict)).Code().Should().Be("trip.not_completed");
        await app.PostAs(FleetApp.Jianghan, Role.Driver, $"/api/trips/{trip}/accept", new { }, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Timers_are_kept_in_the_database_and_flag_a_late_start_a_late_return_and_close_an_unconfirmed_trip()
    {
        var (vehicle, driver) = await CarAndDriver();
        var trip = await DispatchedTrip(vehicle, driver, 8);

        (await ScheduledAsync(nameof(CheckTripStart))).Should().Contain(Local(8, 9, 30).ToDateTimeOffset(),
            "the start check waits in the database for 30 minutes after the planned start, across restarts");

        app.Clock.Reset(Local(8, 9, 29));
        await app.Host.InvokeMessageAndWaitAsync(new CheckTripStart(trip.Id, FleetApp.JianganPool));
        (await Trip(trip.Id)).StartOverdue.Should().BeFalse("a timer firing early changes nothing");
        app.Clock.Reset(Local(8, 9, 31));
        await app.Host.InvokeMessageAndWaitAsync(new CheckTripStart(trip.Id, FleetApp.JianganPool));
        (await Trip(trip.Id)).StartOverdue.Should().BeTrue();

        await trip.AcceptAsync();
        await trip.StartAsync(13000);
        (await ScheduledAsync(nameof(CheckTripReturn))).Should().Contain(Local(8, 13).ToDateTimeOffset());
        app.Clock.Reset(Local(8, 13, 1));
        await app.Host.InvokeMessageAndWaitAsync(new CheckTripReturn(trip.Id, FleetApp.JianganPool));
        (await Trip(trip.Id)).ReturnOverdue.Should().BeTrue();

        await trip.FinishAsync(13050);
        app.Clock.Reset(Local(11, 13, 0));
        await app.Host.InvokeMessageAndWaitAsync(new CloseTripIfUnconfirmed(trip.Id, FleetApp.JianganPool));
        (await Trip(trip.Id)).Status.Should().Be(TripStatus.Completed, "three days have not passed since the car came back");
        app.Clock.Reset(Local(11, 13, 2));
        await app.Host.InvokeMessageAndWaitAsync(new CloseTripIfUnconfirmed(trip.Id, FleetApp.JianganPool));
        (await Trip(trip.Id)).Status.Should().Be(TripStatus.Closed);
        (await app.PostAs(Pool, Role.Clerk, $"/api/trips/{trip}/rate", new { stars = 4 })).GetProperty("stars").GetInt32().Should().Be(4,
            "a trip closed by the timer can still be rated");

        // What a timer writes, for nobody signed in, is sealed like a command's events, and verification checks every seal.
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var sealedByTimers = new NpgsqlCommand($"""
            select count(s.seq_id) from public.mt_events e left join public.fleet_audit_seals s on s.seq_id = e.seq_id
            where e.stream_id = '{trip}' and e.type in ('trip_start_overdue', 'trip_return_overdue', 'trip_closed')
            group by e.type order by e.type
            """, connection);
        var counts = new List<long>();
        await using (var reader = await sealedByTimers.ExecuteReaderAsync())
            while (await reader.ReadAsync()) counts.Add(reader.GetInt64(0));
        counts.Should().Equal([1L, 1L, 1L], "each timer's event is stored with its seal");
        var audit = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/verify");
        audit.GetProperty("intact").GetBoolean().Should().BeTrue(audit.ToString());
    }

    [Fact]
    public async Task A_disputed_record_stays_beside_the_drivers_and_bad_figures_are_named_field_by_field()
    {
        var (vehicle, driver) = await CarAndDriver();
        var trip = await DispatchedTrip(vehicle, driver, 9);
        await trip.AcceptAsync();
        app.Clock.Reset(Local(9, 8, 55));
        await trip.StartAsync(14000);
        app.Clock.Reset(Local(9, 11, 10));

        var bad = await app.PostAs(Pool, Role.Driver, $"/api/trips/{trip}/finish",
            new { odometerKm = 14030, fuelLitres = -3, tolls = 12.345, parking = 200000 }, HttpStatusCode.BadRequest);
        bad.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString(), e.GetProperty("code").GetString()))
            .Should().BeEquivalentTo([("fuelLitres", "trip.fuel_out_of_range"), ("tolls", "trip.amount_precision"), ("parking", "trip.amount_out_of_range")]);
        (await app.PostAs(Pool, Role.Driver, $"/api/trips/{trip}/finish", new { odometerKm = "十四千" }, HttpStatusCode.BadRequest)).Code()
            .Should().Be("request.invalid_field");
        (await app.PostAs(Pool, Role.Driver, $"/api/trips/{trip}/finish", new { odometerKm = 13999 }, HttpStatusCode.Conflict)).Code()
            .Should().Be("trip.odometer_below_start");
        await trip.FinishAsync(14030, new { tolls = 15 });

        var disputed = await app.PostAs(Pool, Role.Clerk, $"/api/trips/{trip}/dispute", new { items = new[] { "里程", "Times" }, details = "实际只往返15公里" });
        disputed.GetProperty("disputed").GetBoolean().Should().BeTrue();
        disputed.GetProperty("status").GetString().Should().Be("completed", "the dispute stands beside the record until someone closes it");
        (await app.PostAs(Pool, Role.Clerk, $"/api/trips/{trip}/dispute", new { items = new[] { "费用" }, details = "再议" }, HttpStatusCode.Conflict))
            .Code().Should().Be("trip.already_disputed");
        (await trip.EventsAsync()).OfType<TripDisputed>().Single().Items
            .Should().Equal(DisputedItem.Times, DisputedItem.Odometer);
    }

    [Fact]
    public async Task Cancelling_a_dispatched_trip_frees_its_car_for_another()
    {
        var (vehicle, driver) = await CarAndDriver();
        var trip = await DispatchedTrip(vehicle, driver, 12);

        (await app.PostAs(Pool, Role.Clerk, $"/api/trips/{trip}/cancel", new { }, HttpStatusCode.BadRequest)).Code().Should().Be("validation.required",
            "once a car is assigned the dispatch centre needs to know why");
        (await app.PostAs(Pool, Role.Clerk, $"/api/trips/{trip}/cancel", new { reason = "会议延期" })).GetProperty("status").GetString().Should().Be("cancelled");

        var next = await DispatchedTrip(vehicle, driver, 12);
        (await Trip(next.Id)).Assignment!.VehicleId.Should().Be(vehicle);
    }

    [Fact]
    public async Task The_unit_head_reviews_an_emergency_trip_once_and_it_leaves_the_review_list()
    {
        app.Clock.Reset(Monday);
        var trip = (await app.RequestTripAsync(Pool, new TripBuilder()
            .For("防汛抢险", "应急保障").Carrying(4, "张三").From("区应急局").To("长江堤防").On(new LocalDate(2029, 3, 5), 22, 2).AsEmergency("应急"))).Id;
        (await app.GetAs(Pool, Role.Approver, "/api/trips?awaitingReview=true&pageSize=200")).GetProperty("items").EnumerateArray()
            .Should().Contain(t => t.GetProperty("id").GetGuid() == trip);

        (await app.PostAs(Pool, Role.Approver, $"/api/trips/{trip}/review", new { outcome = "不属实" }, HttpStatusCode.BadRequest))
            .GetProperty("errors").EnumerateArray().Single().GetProperty("code").GetString().Should().Be("trip.review_note_required");
        var reviewed = await app.PostAs(Pool, Role.Approver, $"/api/trips/{trip}/review", new { outcome = "属实", note = "汛情紧急" });
        reviewed.GetProperty("reviewOutcome").GetString().Should().Be("justified");
        (await app.PostAs(Pool, Role.Approver, $"/api/trips/{trip}/review", new { outcome = "属实" }, HttpStatusCode.Conflict)).Code()
            .Should().Be("trip.already_reviewed");
        (await app.GetAs(Pool, Role.Approver, "/api/trips?awaitingReview=true&pageSize=200")).GetProperty("items").EnumerateArray()
            .Should().NotContain(t => t.GetProperty("id").GetGuid() == trip);
        await app.PostAs(FleetApp.Jianghan, Role.Approver, $"/api/trips/{trip}/review", new { outcome = "属实" }, HttpStatusCode.NotFound);
    }

    private async Task<Trip> Trip(Guid id)
    {
        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        return (await session.LoadAsync<Trip>(id))!;
    }

    private async Task<IReadOnlyList<DateTimeOffset>> ScheduledAsync(string messageType)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select execution_time from wolverine_incoming_envelopes where status = 'Scheduled' and message_type like '%' || @type", connection);
        command.Parameters.AddWithValue("type", messageType);
        var times = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) times.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return times;
    }
}
