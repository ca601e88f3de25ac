using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Server.Trips.Driving;
using Fleet.Testing;
using FluentAssertions;
using NodaTime;
using Wolverine.Tracking;
using Xunit;

namespace Fleet.Server.Tests.Reports;

/// <summary>
/// 江岸's board on Monday 2026-11-02: one request waiting for its unit head, one approved trip for tomorrow, one
/// trip dispatched for this morning that has not left, one car out, one in the workshop.
/// </summary>
public class DispatchBoardTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static Instant Local(int day, int hour, int minute = 0) => new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(Wuhan).ToInstant();

    private Task<Guid> Car() => app.RoadworthyVehicleAsync(Pool, TestPlates.Next('B'));

    /// <summary>A self-driven trip: the dispatcher hands over the keys, so no driver account is needed to start it.</summary>
    private Task<TestTrip> Trip(Instant start, Instant end) => app.RequestTripAsync(Pool, new TripBuilder().For("调度看板").Between(start, end).SelfDriven());

    private static IEnumerable<Guid> Ids(JsonElement board, string list) => board.GetProperty(list).EnumerateArray().Select(t => t.GetProperty("tripId").GetGuid());

    [Fact]
    public async Task The_board_shows_what_waits_what_is_on_the_road_where_the_cars_are_and_what_is_late()
    {
        app.Clock.Reset(Local(2, 9, 30));
        var (late, away, workshop) = (await Car(), await Car(), await Car());
        var waiting = (await Trip(Local(2, 18), Local(2, 20))).Id;
        var tomorrow = (await Trip(Local(3, 9), Local(3, 11))).Id;
        var notLeftTrip = await Trip(Local(2, 10), Local(2, 11));
        var underwayTrip = await Trip(Local(2, 13), Local(2, 15));
        var (notLeft, underway) = (notLeftTrip.Id, underwayTrip.Id);
        await notLeftTrip.DispatchAsync(late);
        await underwayTrip.DispatchAsync(away);
        await underwayTrip.StartAsync(100);
        var job = (await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{workshop}/maintenance",
                new { start = Local(2, 10).ToString(), end = Local(2, 16).ToString(), kind = "Repair" }))
            .GetProperty("maintenanceWindows")[0].GetProperty("maintenanceId").GetGuid();
        await app.ScenarioAs(Pool, Role.FleetAdmin, s =>
        {
            s.Post.Url($"/api/vehicles/{workshop}/maintenance/{job}/start");
            s.StatusCodeShouldBeOk();
        });
        app.Clock.Reset(Local(2, 10, 31));
        await app.Host.InvokeMessageAndWaitAsync(new CheckTripStart(notLeft, FleetApp.JianganPool));

        var board = await app.GetAs(Pool, Role.Dispatcher, "/api/dispatch-board");

        board.GetProperty("day").GetString().Should().Be("2026-11-02");
        Ids(board, "awaitingApproval").Should().Contain(waiting);
        Ids(board, "awaitingDispatch").Should().Contain(tomorrow).And.NotContain(waiting);
        Ids(board, "today").Should().Contain([notLeft, underway]).And.NotContain(tomorrow);
        Ids(board, "overdue").Should().Equal(notLeft);
        var places = board.GetProperty("vehicles").EnumerateArray().ToDictionary(v => v.GetProperty("vehicleId").GetGuid(), v => v.GetProperty("place").GetString());
        places[late].Should().Be("atBase");
        places[away].Should().Be("out");
        places[workshop].Should().Be("inWorkshop");
        board.GetProperty("vehiclesByPlace").GetProperty("out").GetInt32().Should().Be(1);

        var tomorrowsBoard = await app.GetAs(Pool, Role.Supervisor, "/api/dispatch-board?day=2026-11-03");
        Ids(tomorrowsBoard, "today").Should().Contain(underway, "a trip under way stays on the board until the car is back").And.NotContain(notLeft);
        (await app.GetAs(Pool, Role.Dispatcher, "/api/dispatch-board?day=明天", HttpStatusCode.BadRequest)).GetProperty("errors")[0]
            .GetProperty("code").GetString().Should().Be("board.day_invalid");
        await app.GetAs(Pool, Role.Clerk, "/api/dispatch-board", HttpStatusCode.Forbidden);
        Ids(await app.GetAs(FleetApp.Jianghan, Role.Dispatcher, "/api/dispatch-board"), "awaitingApproval").Should().NotContain(waiting);
    }
}
