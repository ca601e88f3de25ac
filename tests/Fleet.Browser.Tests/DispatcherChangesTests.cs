using Fleet.Domain.People;
using Fleet.Domain.Trips;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The dispatcher changes their mind through the dispatch page: another car for a dispatched trip, picked from the
/// candidates with their reasons and a search, then the car and driver taken back after confirming; the trip is back
/// in the waiting list showing where it goes, the class asked for and who asked.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DispatcherChangesTests(BrowserFleet fleet)
{
    private const string Pool = "420103";

    [Fact]
    public async Task A_dispatcher_reassigns_a_trip_and_then_takes_car_and_driver_back()
    {
        fleet.Clock.Reset(new LocalDateTime(2026, 11, 12, 8, 0).InZoneStrictly(BrowserFleet.Zone).ToInstant());
        await using var clerk = await FleetApi.SignInAsync(fleet, "jianghan.clerk");
        await using var api = await FleetApi.SignInAsync(fleet, "jianghan.dispatcher");
        var tripId = await clerk.RequestAsync("赴市民之家办理审批事项", "2026-11-12T10:00:00+08:00", "2026-11-12T11:30:00+08:00",
            "江汉区政府东门", "W市民之家", 3, ["周慧"], "Sedan");
        var candidates = await api.GetAsync($"/api/trips/{tripId}/candidates");
        var driverId = candidates.GetProperty("drivers").EnumerateArray().First(d => d.GetProperty("available").GetBoolean() && d.GetProperty("licenceFits").GetBoolean())
            .GetProperty("driverId").GetGuid();
        await api.DispatchAsync(tripId, driverId);
        var before = await TripAsync(tripId);

        var dispatcher = await fleet.SignInAsync("jianghan.dispatcher");
        await dispatcher.GotoAsync("/dispatch?day=2026-11-12");
        var row = dispatcher.Locator($"#today tr[data-trip='{tripId}']");
        await row.Locator("a", new LocatorLocatorOptions { HasText = "改派" }).ClickAsync();
        await dispatcher.Locator("#candidates").WaitForAsync();

        // The trip's own car and driver are chosen to begin with: the dispatcher changes only what is to change.
        (await dispatcher.Locator($"#v-{before.Assignment!.VehicleId}").IsCheckedAsync()).Should().BeTrue("the current car is preselected");
        (await dispatcher.Locator($"#d-{driverId}").IsCheckedAsync()).Should().BeTrue("the current driver is preselected");

        // The candidates scroll in their own box, and the search narrows them to a plate.
        var vehicleRows = dispatcher.Locator("#candidates fieldset").First.Locator("tbody tr");
        var other = vehicleRows.Filter(new LocatorFilterOptions { Has = dispatcher.Locator("input[type=radio]:not([disabled]):not(:checked)") }).First;
        var plate = (await other.Locator("label").InnerTextAsync()).Trim();
        var overflow = await dispatcher.Locator(".candidate-box").First.EvaluateAsync<string>("e => getComputedStyle(e).overflowY");
        overflow.Should().Be("auto");
        await dispatcher.Locator(".candidate-search input").FillAsync(plate);
        (await vehicleRows.Filter(new LocatorFilterOptions { Visible = true }).CountAsync()).Should().BeLessThanOrEqualTo(2,
            "only the plate searched for and the chosen car stay in sight");
        await other.Locator("input[type=radio]").CheckAsync();
        await dispatcher.Locator("#candidates input[name=reason]").FillAsync("原车临时送修");
        await fleet.ScreenshotAsync(dispatcher, "dispatch-reassign.zh");
        await dispatcher.Locator("#candidates button[type=submit]").ClickAsync();
        await dispatcher.Locator(".notice").WaitForAsync();
        (await dispatcher.Locator(".notice").InnerTextAsync()).Should().Contain("已改派");
        var reassigned = await TripAsync(tripId);
        reassigned.Assignment!.Plate.Should().Be(plate);
        reassigned.Assignment.DriverId.Should().Be(driverId, "the driver was left as they were");

        // Taking car and driver back asks first, and tells what it means.
        await dispatcher.Locator($"#today tr[data-trip='{tripId}'] a", new PageLocatorOptions { HasText = "撤销派车" }).ClickAsync();
        var confirm = dispatcher.Locator("#undispatch");
        (await confirm.InnerTextAsync()).Should().Contain("派车单作废").And.Contain(plate);
        (await TripAsync(tripId)).Status.Should().Be(TripStatus.Dispatched, "nothing happens before the dispatcher confirms");
        await confirm.Locator("input[name=reason]").FillAsync("用车单位改期");
        await fleet.ScreenshotAsync(dispatcher, "dispatch-undispatch.zh");
        await confirm.Locator("button[type=submit]").ClickAsync();
        await dispatcher.Locator(".notice").WaitForAsync();
        (await dispatcher.Locator(".notice").InnerTextAsync()).Should().Contain("已撤销派车");
        (await TripAsync(tripId)).Status.Should().Be(TripStatus.Approved);

        // Back in the waiting list, with where it goes, the class asked for and who asked.
        var waiting = await dispatcher.Locator($"#awaiting tr[data-trip='{tripId}']").InnerTextAsync();
        waiting.Should().Contain("W市民之家").And.Contain("轿车").And.Contain(await DisplayNameAsync("jianghan.clerk"));
        await dispatcher.Context.CloseAsync();
    }

    private async Task<Trip> TripAsync(Guid id)
    {
        await using var session = fleet.Store.QuerySession(Pool);
        return (await session.LoadAsync<Trip>(id))!;
    }

    private async Task<string> DisplayNameAsync(string login)
    {
        await using var session = fleet.Store.QuerySession(Pool);
        return (await session.Query<User>().SingleAsync(u => u.LoginName == login)).DisplayName;
    }
}
