using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using Xunit;

namespace Fleet.Server.Tests.Exchange;

/// <summary>
/// The pull feed for upper-level platforms: CloudEvents-style envelopes in store order, resumable from any position,
/// for signed-in supervisors only, each seeing what their pool may see.
/// </summary>
public sealed class ExchangeFeedTests(FleetApp app) : IClassFixture<FleetApp>
{
    [Fact]
    public async Task Reading_page_by_page_from_any_position_gives_every_event_once_in_store_order()
    {
        await app.RoadworthyVehicleAsync(FleetApp.Jiangan);
        await app.RoadworthyVehicleAsync(FleetApp.Jianghan);
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

        var all = new List<JsonElement>();
        long after = 0;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/exchange/feed?after={after}&limit=7");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            items.Count.Should().BeLessThanOrEqualTo(7);
            all.AddRange(items);
            after = page.GetProperty("next").GetInt64();
            if (page.GetProperty("caughtUp").GetBoolean()) break;
        }

        var sequences = all.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        sequences.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        await using var session = app.Store.QuerySession();
        var stored = await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant()).CountAsync();
        sequences.Should().HaveCount(stored, "the city's feed carries every stored event");

        var registered = all.Last(e => e.GetProperty("type").GetString() == "fleet.vehicle_registered");
        registered.GetProperty("specversion").GetString().Should().Be("1.0");
        registered.GetProperty("source").GetString().Should().Be("urn:fleet:pool:420103");
        registered.GetProperty("dataschema").GetString().Should().Be("urn:fleet:exchange:v1:vehicle_registered");
        registered.GetProperty("data").GetProperty("plate").GetString().Should().NotBeNullOrEmpty();

        // Resuming from the middle gives exactly the rest.
        var middle = sequences[sequences.Count / 2];
        var rest = await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/exchange/feed?after={middle}&limit=1000");
        rest.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).Should()
            .Equal(sequences.Where(s => s > middle));
    }

    [Fact]
    public async Task A_districts_supervisor_reads_the_districts_events_only()
    {
        await app.RoadworthyVehicleAsync(FleetApp.Jianghan);
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var page = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/exchange/feed?limit=1000");
        page.GetProperty("items").EnumerateArray().Should().NotBeEmpty()
            .And.OnlyContain(e => e.GetProperty("pool").GetString() == FleetApp.JianganPool);
    }

    [Fact]
    public async Task A_position_the_store_never_reached_is_refused_with_the_last_position_and_one_past_the_pools_last_event_is_not()
    {
        await app.RoadworthyVehicleAsync(FleetApp.Jiangan);
        await app.RoadworthyVehicleAsync(FleetApp.Jianghan);
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        await using var session = app.Store.QuerySession();
        var last = await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant()).MaxAsync(e => e.Sequence);
        await using var district = app.Store.QuerySession(FleetApp.JianganPool);
        var districtsLast = await district.Events.QueryAllRawEvents().MaxAsync(e => e.Sequence);
        districtsLast.Should().BeLessThan(last, "江汉's car was registered after 江岸's");

        // 江岸's consumer holds a position past its own last event, where another pool's events lie: it is caught up, not wrong.
        var beyondOwn = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, $"/api/exchange/feed?after={last}");
        (beyondOwn.GetProperty("items").GetArrayLength(), beyondOwn.GetProperty("next").GetInt64(), beyondOwn.GetProperty("caughtUp").GetBoolean())
            .Should().Be((0, last, true));

        foreach (var (pool, after) in new[] { (FleetApp.City, last + 1), (FleetApp.Jiangan, last + 1), (FleetApp.City, long.MaxValue) })
        {
            var refused = await app.GetAs(pool, Role.Supervisor, $"/api/exchange/feed?after={after}", HttpStatusCode.Conflict);
            refused.Code().Should().Be("exchange.position_unknown");
            refused.GetProperty("lastPosition").GetInt64().Should().Be(last);
            refused.GetProperty("detail").GetString().Should().Contain(last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Only_signed_in_supervisors_read_the_feed_and_bad_positions_are_refused()
    {
        await app.GetAs(FleetApp.Jiangan, Role.Dispatcher, "/api/exchange/feed", HttpStatusCode.Forbidden);
        var anonymous = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/exchange/feed");
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
        anonymous.Context.Response.StatusCode.Should().Be(401);
        (await app.GetAs(FleetApp.City, Role.Supervisor, "/api/exchange/feed?after=-1", HttpStatusCode.BadRequest)).Code().Should().Be("exchange.after_invalid");
        (await app.GetAs(FleetApp.City, Role.Supervisor, "/api/exchange/feed?limit=5000", HttpStatusCode.BadRequest)).Code().Should().Be("exchange.limit_invalid");
    }
}
