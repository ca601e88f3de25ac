using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Reports;

/// <summary>The audit trail over the logbook month's history: who did what to a trip, and what one person did.</summary>
public class AuditTrailTests(LogbookMonth month) : IClassFixture<LogbookMonth>
{
    private const string Pool = FleetApp.Jiangan;
    private readonly FleetApp app = month.App;

    [Fact]
    public async Task A_trips_trail_names_every_step_with_its_actor_role_and_request()
    {
        var trail = (await app.GetAs(Pool, Role.Supervisor, $"/api/audit/streams/{month.FirstTrip}")).EnumerateArray().ToList();

        trail.Select(e => e.GetProperty("type").GetString()).Should().Equal("trip_requested", "trip_auto_approved", "trip_dispatched", "trip_accepted",
            "trip_started", "trip_finished", "trip_completion_confirmed", "trip_rated", "trip_closed");
        trail.Select(e => e.GetProperty("version").GetInt64()).Should().BeInAscendingOrder();
        var dispatched = trail.Single(e => e.GetProperty("type").GetString() == "trip_dispatched");
        dispatched.GetProperty("loginName").GetString().Should().Be("jiangan.dispatcher");
        dispatched.GetProperty("roles").GetString().Should().Be("Dispatcher");
        dispatched.GetProperty("pool").GetString().Should().Be(FleetApp.JianganPool);
        dispatched.GetProperty("correlationId").GetString().Should().NotBeNullOrEmpty();
        dispatched.GetProperty("data").GetProperty("order").GetProperty("text").GetString().Should().Be("420102-2026-00001");
        trail[0].GetProperty("loginName").GetString().Should().Be("jiangan.clerk");

        (await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/audit/streams/{month.FirstTrip}")).GetArrayLength().Should().Be(trail.Count,
            "the city supervisor audits every district");
        (await app.GetAs(FleetApp.Jianghan, Role.Supervisor, $"/api/audit/streams/{month.FirstTrip}", HttpStatusCode.NotFound)).Code()
            .Should().Be("audit.record_not_found");
        await app.GetAs(Pool, Role.Clerk, $"/api/audit/streams/{month.FirstTrip}", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_search_finds_what_one_person_did_in_a_time_range()
    {
        var dispatcher = (await app.GetAs(Pool, Role.Dispatcher, "/api/me")).GetProperty("userId").GetGuid();

        // Events are stamped by the database's clock when stored, not by the application's: the range is real time.
        string Moment(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("yyyy-MM-ddTHH:mm:sszzz"));
        var recent = await app.GetAs(Pool, Role.FleetAdmin,
            $"/api/audit/events?actor={dispatcher}&from={Moment(DateTimeOffset.UtcNow.AddHours(-1))}&to={Moment(DateTimeOffset.UtcNow.AddHours(1))}&pageSize=200");
        var types = recent.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        types.Should().OnlyContain(t => t == "trip_dispatched" || t == "dispatch_order_issued" || t == "dispatch_register_opened");
        types.Count(t => t == "trip_dispatched").Should().Be(4, "the dispatcher dispatched four trips");
        recent.GetProperty("items").EnumerateArray().Should().OnlyContain(e => e.GetProperty("userId").GetString() == dispatcher.ToString());
        recent.GetProperty("totalItems").GetInt64().Should().Be(types.Count);

        var earlier = await app.GetAs(Pool, Role.FleetAdmin, $"/api/audit/events?actor={dispatcher}&to={Moment(DateTimeOffset.UtcNow.AddDays(-1))}");
        earlier.GetProperty("items").GetArrayLength().Should().Be(0);

        (await app.GetAs(Pool, Role.FleetAdmin, $"/api/audit/events?from={Uri.EscapeDataString("2026-12-01T00:00:00+08:00")}&to={Uri.EscapeDataString("2026-11-01T00:00:00+08:00")}",
            HttpStatusCode.BadRequest)).GetProperty("errors")[0].GetProperty("code").GetString().Should().Be("audit.range_invalid");
    }

    [Fact]
    public async Task Days_bound_the_search_whole_and_the_newest_comes_first()
    {
        var dispatcher = (await app.GetAs(Pool, Role.Dispatcher, "/api/me")).GetProperty("userId").GetGuid();
        // Stored events carry the database's real time; yesterday too, in case the fixture ran across midnight in the city.
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        string Day(DateTimeOffset at) => at.ToString("yyyy-MM-dd");

        var found = await app.GetAs(Pool, Role.FleetAdmin,
            $"/api/audit/events?actor={dispatcher}&from={Day(today.AddDays(-1))}&to={Day(today)}&pageSize=200");
        var moments = found.GetProperty("items").EnumerateArray().Select(e => DateTimeOffset.Parse(e.GetProperty("at").GetString()!)).ToList();
        moments.Should().NotBeEmpty("a day given as the end holds the whole of that day");
        moments.Should().BeInDescendingOrder();
        (await app.GetAs(Pool, Role.FleetAdmin, $"/api/audit/events?actor={dispatcher}&to={Day(today.AddDays(-2))}"))
            .GetProperty("items").GetArrayLength().Should().Be(0, "a day given as the end holds nothing after it");

        (await app.GetAs(Pool, Role.FleetAdmin, "/api/audit/events?from=2026-13-01", HttpStatusCode.BadRequest))
            .GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("from");
    }
}
