using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Trips;
using Fleet.Testing;
using FluentAssertions;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Trips;

/// <summary>Two dispatched trips and one waiting for approval in 江岸, one in 江汉: what the trips' search finds among them.</summary>
public sealed class TripSearchWorld : IAsyncLifetime
{
    private readonly FleetApp app = new();

    public FleetApp App => app;
    public string FirstOrder { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        var car = await app.RoadworthyVehicleAsync(FleetApp.Jiangan, "鄂A·S0101");
        var other = await app.RoadworthyVehicleAsync(FleetApp.Jiangan, "鄂A·S0202");
        var driver = await app.AccountDriverAsync(FleetApp.Jiangan, "周师傅");
        var second = await app.DriverAsync(FleetApp.Jiangan, "吴师傅");
        var first = await app.DispatchedTripAsync(FleetApp.Jiangan, car, driver, new TripBuilder().For("安全生产检查").To("武汉港")
            .Between("2026-11-04T09:00:00+08:00", "2026-11-04T11:00:00+08:00"));
        await app.DispatchedTripAsync(FleetApp.Jiangan, other, second, new TripBuilder().For("参加推进会").To("天河机场")
            .Between("2026-11-05T14:00:00+08:00", "2026-11-05T16:00:00+08:00"));
        await app.RequestTripAsync(FleetApp.Jiangan, new TripBuilder().For("调研走访 100%").Between("2026-11-20T09:00:00+08:00", "2026-11-20T10:00:00+08:00"));
        await app.RequestTripAsync(FleetApp.Jianghan, new TripBuilder().For("江汉区的安全生产检查").Between("2026-11-06T09:00:00+08:00", "2026-11-06T10:00:00+08:00"));
        FirstOrder = (await app.GetAs(FleetApp.Jiangan, Role.Dispatcher, $"/api/trips/{first.Id}")).GetProperty("order").GetProperty("text").GetString()!;
    }

    public Task DisposeAsync() => app.DisposeAsync();
}

/// <summary>
/// The search finds a trip by a part of its order number or plate in any case, a destination, the purpose or who asked —
/// in the database, through the trips' indexes (SearchIndexTests), with the same answers as a reading of every trip.
/// </summary>
public sealed class TripSearchTests(TripSearchWorld world) : IClassFixture<TripSearchWorld>
{
    private readonly FleetApp app = world.App;

    [Fact]
    public async Task A_part_of_an_order_number_or_a_plate_in_any_case_a_destination_the_purpose_or_the_requester_finds_the_trip()
    {
        (await PurposesFound(world.FirstOrder)).Should().Equal(["安全生产检查"]);
        (await PurposesFound(world.FirstOrder[^5..])).Should().Equal(["安全生产检查"], "a part of the number, as on the printed order");
        (await PurposesFound("s0202")).Should().Equal(["参加推进会"], "a plate in any case");
        (await PurposesFound("·S0")).Should().Equal(["安全生产检查", "参加推进会"], "both plates, in the order the trips start");
        (await PurposesFound("天河")).Should().Equal(["参加推进会"], "a destination");
        (await PurposesFound("生产检")).Should().Equal(["安全生产检查"], "the purpose, and only the district's own trips");
        (await PurposesFound("jiangan.clerk")).Should().HaveCount(3, "the requester's login");
        (await PurposesFound("100%")).Should().Equal(["调研走访 100%"]);
        (await PurposesFound("%")).Should().Equal(["调研走访 100%"], "a % is searched for as itself");
        (await PurposesFound("420199")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_search_made_of_Chinese_characters_finds_the_trips_that_hold_it_and_no_other()
    {
        (await PurposesFound("武汉港")).Should().Equal(["安全生产检查"], "a destination");
        (await PurposesFound("检查")).Should().Equal(["安全生产检查"], "two characters of the purpose, the district's own trip only");
        (await PurposesFound("港")).Should().Equal(["安全生产检查"], "one character");
        (await PurposesFound("推进")).Should().Equal(["参加推进会"]);
        (await PurposesFound("走访 1")).Should().Equal(["调研走访 100%"], "Chinese characters, a space and a digit");
        (await PurposesFound("鄂a·s02")).Should().Equal(["参加推进会"], "a plate with its province and its dot, in any case");
        (await PurposesFound("检察")).Should().BeEmpty("another character");
        (await PurposesFound("e9848261")).Should().BeEmpty("the plates' search text, 鄂a, is not what they say");
    }

    [Fact]
    public async Task A_search_made_of_Chinese_characters_reads_only_the_trips_its_index_finds()
    {
        // Before, a search of Chinese characters had no trigram in Fleet's cluster: each index was read whole and yielded
        // every trip (a row version each, updated ones included) to be read. Now an index yields only the trips whose text
        // holds the search: none where nothing holds it.
        var plan = await PlanAsync("武汉");
        plan.Should().Contain("BitmapOr").And.NotContain("Seq Scan");
        foreach (var name in new[] { "order", "plate", "purpose" })
            plan.Should().Contain($"Bitmap Index Scan on mt_doc_trip_idx_{name}_trgm (actual rows=0 ", $"no trip's {name} holds 武汉");
        plan.Should().NotContain("Bitmap Index Scan on mt_doc_trip_idx_destinations_trgm (actual rows=0 ", "武汉港 is a destination");

        var purpose = await PlanAsync("检查");
        foreach (var name in new[] { "order", "plate", "destinations" })
            purpose.Should().Contain($"Bitmap Index Scan on mt_doc_trip_idx_{name}_trgm (actual rows=0 ");
    }

    /// <summary>The search's statement as ListTrips writes it, planned and run with sequential scans ruled out.</summary>
    private async Task<string> PlanAsync(string search)
    {
        var texts = string.Join(" OR ", TripMapping.Searched.Select(s => SearchText.Contains(string.Format(s.Expression, "d.data"), "$1")));
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("analyze public.mt_doc_trip; set enable_seqscan = off", connection))
            await off.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(
            $"explain (analyze, costs off, timing off, summary off) select d.id from public.mt_doc_trip as d where ({texts})", connection)
        {
            Parameters = { new() { Value = search } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        return string.Join("\n", plan);
    }

    private async Task<List<string>> PurposesFound(string search)
    {
        var page = await app.GetAs(FleetApp.Jiangan, Role.Dispatcher, $"/api/trips?search={Uri.EscapeDataString(search)}");
        var purposes = page.GetProperty("items").EnumerateArray()
            .Select(t => t.GetProperty("details").GetProperty("purposeText").GetString()!).ToList();
        page.GetProperty("totalItems").GetInt64().Should().Be(purposes.Count);
        return purposes;
    }
}
