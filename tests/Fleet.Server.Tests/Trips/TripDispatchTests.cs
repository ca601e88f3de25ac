using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Xunit;

namespace Fleet.Server.Tests.Trips;

/// <summary>
/// Dispatching through HTTP in 江岸's pool. The fake clock stands at Monday 2026-11-02 09:30 in Asia/Shanghai;
/// short weekday trips are approved by the policy itself, so they can be dispatched at once. The turnaround is
/// the default 30 minutes.
/// </summary>
public class TripDispatchTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;

    private Task<Guid> Vehicle(string @class = "Sedan", int seats = 5) => app.RoadworthyVehicleAsync(Pool, TestPlates.Next('D'), @class, seats);

    private Task<Guid> Driver(string licence = "C1") => app.DriverAsync(Pool, $"司机{Guid.NewGuid():N}"[..8], licence);

    /// <summary>A trip the policy approves at once: weekday, working hours, at most four hours.</summary>
    private async Task<Guid> ApprovedTrip(string start, string end, string wantedClass = "Sedan", int passengers = 2)
    {
        var trip = await app.RequestTripAsync(Pool, new TripBuilder().Between(start, end).InA(wantedClass).Carrying(passengers));
        trip.Status.Should().Be("approved");
        return trip.Id;
    }

    private Task<IScenarioResult> TryDispatch(Guid trip, Guid vehicle, Guid driver) =>
        app.ScenarioAs(Pool, Role.Dispatcher, s =>
        {
            s.Post.Json(new { vehicleId = vehicle, driverId = driver }).ToUrl($"/api/trips/{trip}/dispatch");
            s.IgnoreStatusCode();
        });

    private async Task<JsonElement> Dispatch(Guid trip, Guid vehicle, Guid driver, HttpStatusCode expected = HttpStatusCode.OK) =>
        await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{trip}/dispatch", new { vehicleId = vehicle, driverId = driver }, expected);

    private static int Sequence(JsonElement trip) => trip.GetProperty("order").GetProperty("sequence").GetInt32();

    [Fact]
    public async Task Candidates_rank_the_free_fitting_cars_first_and_say_why_others_are_out()
    {
        var (sedan, minibus, busy) = (await Vehicle(), await Vehicle("Minibus", 15), await Vehicle());
        // A minibus is offered only while a free driver may drive it.
        var driver = await Driver("B1");
        var earlier = await ApprovedTrip("2026-11-04T09:00:00+08:00", "2026-11-04T10:00:00+08:00");
        await Dispatch(earlier, busy, await Driver());
        var trip = await ApprovedTrip("2026-11-04T10:15:00+08:00", "2026-11-04T12:00:00+08:00");

        var list = await app.GetAs(Pool, Role.Dispatcher, $"/api/trips/{trip}/candidates");

        var vehicles = list.GetProperty("vehicles").EnumerateArray().ToList();
        var ids = vehicles.Select(v => v.GetProperty("vehicleId").GetGuid()).ToList();
        ids.IndexOf(sedan).Should().BeLessThan(ids.IndexOf(minibus), "a free sedan fits a sedan request better than a minibus");
        ids.IndexOf(minibus).Should().BeLessThan(ids.IndexOf(busy), "the available come before the unavailable");
        var blocked = vehicles.Single(v => v.GetProperty("vehicleId").GetGuid() == busy);
        blocked.GetProperty("available").GetBoolean().Should().BeFalse();
        var conflict = blocked.GetProperty("reserved").EnumerateArray().Single();
        conflict.GetProperty("tripId").GetGuid().Should().Be(earlier, "its reservation runs until 10:30 with the turnaround");
        conflict.GetProperty("until").GetString().Should().Be("2026-11-04T02:30:00Z");
        list.GetProperty("drivers").EnumerateArray().Should().Contain(d => d.GetProperty("driverId").GetGuid() == driver && d.GetProperty("available").GetBoolean());

        (await app.GetAs(Pool, Role.Clerk, $"/api/trips/{trip}/candidates", HttpStatusCode.Forbidden)).ValueKind.Should().Be(JsonValueKind.Object);
        await app.GetAs(FleetApp.Jianghan, Role.Dispatcher, $"/api/trips/{trip}/candidates", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_dispatch_numbers_its_order_and_holds_car_and_driver_until_the_turnaround_is_over()
    {
        var (vehicle, driver) = (await Vehicle(), await Driver());
        var first = await ApprovedTrip("2026-11-05T09:00:00+08:00", "2026-11-05T10:00:00+08:00");
        var clashing = await ApprovedTrip("2026-11-05T10:20:00+08:00", "2026-11-05T11:00:00+08:00");
        var after = await ApprovedTrip("2026-11-05T10:30:00+08:00", "2026-11-05T11:30:00+08:00");

        var dispatched = await Dispatch(first, vehicle, driver);
        dispatched.GetProperty("status").GetString().Should().Be("dispatched");
        dispatched.GetProperty("order").GetProperty("text").GetString().Should().MatchRegex(@"^420102-2026-\d{5}$");
        dispatched.GetProperty("assignment").GetProperty("reservedUntil").GetString().Should().Be("2026-11-05T02:30:00Z");

        var refused = await Dispatch(clashing, vehicle, await Driver(), HttpStatusCode.Conflict);
        refused.Code().Should().Be("vehicle.double_booked");
        refused.GetProperty("detail").GetString().Should().Contain(dispatched.GetProperty("order").GetProperty("text").GetString());
        (await Dispatch(clashing, await Vehicle(), driver, HttpStatusCode.Conflict)).Code().Should().Be("driver.double_booked");

        var next = await Dispatch(after, vehicle, driver);
        Sequence(next).Should().Be(Sequence(dispatched) + 1, "numbers follow each other without gaps");
        (await Dispatch(first, await Vehicle(), await Driver(), HttpStatusCode.Conflict)).Code().Should().Be("dispatch.already_dispatched");
    }

    [Fact]
    public async Task Reassigning_and_undispatching_free_the_reservation_and_voided_numbers_are_not_reused()
    {
        var (vehicle, driver, other) = (await Vehicle(), await Driver(), await Vehicle());
        var trip = await ApprovedTrip("2026-11-06T09:00:00+08:00", "2026-11-06T10:00:00+08:00");
        var waiting = await ApprovedTrip("2026-11-06T09:30:00+08:00", "2026-11-06T10:30:00+08:00");
        var order = Sequence(await Dispatch(trip, vehicle, driver));

        (await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{trip}/reassign", new { vehicleId = other }, HttpStatusCode.BadRequest))
            .Code().Should().Be("validation.required", "a reassignment says why");
        var reassigned = await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{trip}/reassign", new { vehicleId = other, reason = "原车故障" });
        reassigned.GetProperty("assignment").GetProperty("vehicleId").GetGuid().Should().Be(other);
        Sequence(reassigned).Should().Be(order, "the order keeps its number");
        await Dispatch(waiting, vehicle, await Driver());

        var undispatched = await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{trip}/undispatch", new { reason = "用车单位改期" });
        undispatched.GetProperty("status").GetString().Should().Be("approved");
        undispatched.GetProperty("assignment").ValueKind.Should().Be(JsonValueKind.Null);
        var again = await Dispatch(trip, other, driver);
        Sequence(again).Should().BeGreaterThan(order + 1, "the voided number stays used");

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        var register = await session.Events.FetchStreamAsync(DispatchRegister.StreamId);
        var numbers = register.Select(e => e.Data).OfType<DispatchOrderIssued>().Where(e => e.Number.Year == 2026).Select(e => e.Number.Sequence).ToList();
        numbers.Should().Equal(Enumerable.Range(1, numbers.Count), "the register has every number from 1 once");
    }

    [Fact]
    public async Task A_dispatch_repeated_under_its_idempotency_key_issues_one_order()
    {
        var (vehicle, driver) = (await Vehicle(), await Driver());
        var trip = await ApprovedTrip("2026-11-09T15:00:00+08:00", "2026-11-09T16:00:00+08:00");
        var key = Guid.NewGuid().ToString();

        async Task<JsonElement> Send() => await (await app.ScenarioAs(Pool, Role.Dispatcher, s =>
        {
            s.Post.Json(new { vehicleId = vehicle, driverId = driver }).ToUrl($"/api/trips/{trip}/dispatch");
            s.WithRequestHeader("Idempotency-Key", key);
            s.StatusCodeShouldBeOk();
        })).ReadAsJsonAsync<JsonElement>();

        var first = await Send();
        var repeat = await Send();

        Sequence(repeat).Should().Be(Sequence(first));
        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        (await session.Events.FetchStreamAsync(trip)).Count(e => e.EventTypeName == "trip_dispatched").Should().Be(1);
        (await session.Events.FetchStreamAsync(DispatchRegister.StreamId)).Select(e => e.Data).OfType<DispatchOrderIssued>()
            .Count(e => e.TripId == trip).Should().Be(1);
    }

    [Fact]
    public async Task Bad_dispatch_requests_name_what_is_wrong_and_store_nothing()
    {
        var trip = await ApprovedTrip("2026-11-10T15:00:00+08:00", "2026-11-10T16:00:00+08:00");
        var (vehicle, driver) = (await Vehicle(), await Driver());
        var otherPoolsCar = (await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/vehicles",
                new { plate = TestPlates.Next('H'), category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Hybrid" }, HttpStatusCode.Created))
            .GetProperty("vehicleId").GetGuid();

        (await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{trip}/dispatch", new { driverId = driver }, HttpStatusCode.BadRequest)).Code()
            .Should().Be("validation.required");
        (await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{trip}/dispatch", new { vehicleId = "车", driverId = driver }, HttpStatusCode.BadRequest)).Code()
            .Should().Be("request.invalid_field");
        (await Dispatch(trip, otherPoolsCar, driver, HttpStatusCode.NotFound)).Code().Should().Be("vehicle.not_found");
        (await Dispatch(trip, vehicle, Guid.NewGuid(), HttpStatusCode.NotFound)).Code().Should().Be("driver.not_found");
        (await Dispatch(Guid.NewGuid(), vehicle, driver, HttpStatusCode.NotFound)).Code().Should().Be("trip.not_found");
        (await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{trip}/undispatch", new { reason = "无" }, HttpStatusCode.Conflict)).Code()
            .Should().Be("dispatch.not_dispatched");

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        (await session.Events.FetchStreamAsync(trip)).Select(e => e.EventTypeName).Should().Equal("trip_requested", "trip_auto_approved");
    }

    /// <summary>江汉 has dispatched nothing yet: its first dispatches, all at once, open its register once and number 1 to 8.</summary>
    [Fact]
    public async Task The_first_dispatches_of_a_pool_open_its_register_once()
    {
        const string other = FleetApp.Jianghan;
        var work = new List<(Guid Trip, Guid Vehicle, Guid Driver)>();
        for (var i = 0; i < 8; i++)
        {
            var vehicle = await app.RoadworthyVehicleAsync(other, TestPlates.Next('J'));
            var driver = await app.DriverAsync(other, $"江汉司机{i}");
            var trip = (await app.RequestTripAsync(other, new TripBuilder().For("江汉首批派车").Between("2026-11-24T09:00:00+08:00", "2026-11-24T10:00:00+08:00"))).Id;
            work.Add((trip, vehicle, driver));
        }

        var results = await Task.WhenAll(work.Select(w => app.ScenarioAs(other, Role.Dispatcher, s =>
        {
            s.Post.Json(new { vehicleId = w.Vehicle, driverId = w.Driver }).ToUrl($"/api/trips/{w.Trip}/dispatch");
            s.IgnoreStatusCode();
        })));

        results.Select(r => r.Context.Response.StatusCode).Should().OnlyContain(status => status == 200);
        await using var session = app.Store.QuerySession(FleetApp.JianghanPool);
        var register = (await session.Events.FetchStreamAsync(DispatchRegister.StreamId)).Select(e => e.Data).ToList();
        register.OfType<DispatchRegisterOpened>().Should().ContainSingle();
        register.OfType<DispatchOrderIssued>().Select(e => e.Number.Sequence).Should().Equal(Enumerable.Range(1, 8));
    }

    [Fact]
    public async Task A_different_class_needs_a_reason_and_the_car_must_seat_everybody()
    {
        var (mpv, driver) = (await Vehicle("Mpv", 7), await Driver());
        var trip = await ApprovedTrip("2026-11-09T09:00:00+08:00", "2026-11-09T10:00:00+08:00");

        var refused = await Dispatch(trip, mpv, driver, HttpStatusCode.BadRequest);
        refused.GetProperty("errors").EnumerateArray().Single().GetProperty("code").GetString().Should().Be("dispatch.class_change_reason_required");
        var dispatched = await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{trip}/dispatch",
            new { vehicleId = mpv, driverId = driver, classChangeReason = "轿车已全部派出" });
        dispatched.GetProperty("assignment").GetProperty("class").GetString().Should().Be("mpv");

        var crowded = await ApprovedTrip("2026-11-09T13:00:00+08:00", "2026-11-09T15:00:00+08:00", "Sedan", passengers: 5);
        (await Dispatch(crowded, await Vehicle(seats: 5), await Driver(), HttpStatusCode.Conflict)).Code().Should().Be("dispatch.too_few_seats");
        (await Dispatch(crowded, await Vehicle("Sedan", 7), await Driver("A3"), HttpStatusCode.OK)).GetProperty("status").GetString().Should().Be("dispatched");
    }

    /// <summary>
    /// 32 dispatchers at once reach for one car (and then for one driver) for overlapping trips, ten times over.
    /// Exactly one wins each time; every other gets a 409 naming the winner's order; nothing stored overlaps.
    /// </summary>
    [Fact]
    public async Task Concurrent_dispatches_never_double_book_a_car_or_a_driver()
    {
        const int attempts = 32, rounds = 10;
        var sharedVehicle = await Vehicle();
        var sharedDriver = await Driver();
        var vehicles = new List<Guid>();
        var drivers = new List<Guid>();
        for (var i = 0; i < attempts; i++)
        {
            vehicles.Add(await Vehicle());
            drivers.Add(await Driver());
        }

        string[] days = ["10", "11", "12", "13", "16", "17", "18", "19", "20", "23"];
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (resource, hour) in new[] { ("vehicle", 9), ("driver", 13) })
            {
                var trips = new List<Guid>();
                for (var i = 0; i < attempts; i++)
                    trips.Add(await ApprovedTrip($"2026-11-{days[round]}T{hour:00}:{i:00}:00+08:00", $"2026-11-{days[round]}T{hour + 1:00}:{i:00}:00+08:00"));

                var results = await Task.WhenAll(trips.Select((trip, i) => resource == "vehicle"
                    ? TryDispatch(trip, sharedVehicle, drivers[i])
                    : TryDispatch(trip, vehicles[i], sharedDriver)));

                var statuses = results.Select(r => r.Context.Response.StatusCode).ToList();
                statuses.Count(s => s == 200).Should().Be(1, $"one dispatch of the {resource} wins in round {round}");
                statuses.Count(s => s == 409).Should().Be(attempts - 1);
                var winner = await results.Single(r => r.Context.Response.StatusCode == 200).ReadAsJsonAsync<JsonElement>();
                var order = winner.GetProperty("order").GetProperty("text").GetString()!;
                foreach (var loser in results.Where(r => r.Context.Response.StatusCode == 409))
                {
                    var problem = await loser.ReadAsJsonAsync<JsonElement>();
                    problem.Code().Should().Be($"{resource}.double_booked");
                    problem.GetProperty("detail").GetString().Should().Contain(order);
                }
            }
        }

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        (await session.Query<Trip>().CountAsync(t => t.Assignment != null && t.Assignment.VehicleId == sharedVehicle)).Should().Be(rounds);
        (await session.Query<Trip>().CountAsync(t => t.Assignment != null && t.Assignment.DriverId == sharedDriver)).Should().Be(rounds);
        var holding = await session.Query<Trip>().Where(t => t.Assignment != null).ToListAsync();
        foreach (var byResource in holding.GroupBy(t => t.Assignment!.VehicleId).Concat(holding.GroupBy(t => t.Assignment!.DriverId!.Value)))
        {
            var ordered = byResource.OrderBy(t => t.Assignment!.ReservedFrom).ToList();
            ordered.Zip(ordered.Skip(1)).Where(pair => pair.First.Assignment!.ReservedUntil > pair.Second.Assignment!.ReservedFrom)
                .Should().BeEmpty("no two stored reservations of one car or driver overlap");
        }
    }
}
