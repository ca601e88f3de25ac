using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
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

    private async Task<List<string>> PurposesFound(string search)
    {
        var page = await app.GetAs(FleetApp.Jiangan, Role.Dispatcher, $"/api/trips?search={Uri.EscapeDataString(search)}");
        var purposes = page.GetProperty("items").EnumerateArray()
            .Select(t => t.GetProperty("details").GetProperty("purposeText").GetString()!).ToList();
        page.GetProperty("totalItems").GetInt64().Should().Be(purposes.Count);
        return purposes;
    }
}
