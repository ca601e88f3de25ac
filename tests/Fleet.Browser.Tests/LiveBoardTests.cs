using FluentAssertions;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The dispatcher's board shows a new request the moment it is approved, and the timeline a trip the moment it is
/// dispatched, without anybody reloading the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveBoardTests(BrowserFleet fleet)
{
    [Fact]
    public async Task The_dispatch_board_shows_a_newly_approved_request_without_a_reload()
    {
        fleet.Clock.Reset(new LocalDateTime(2026, 11, 2, 9, 30).InZoneStrictly(BrowserFleet.Zone).ToInstant());
        const string purpose = "临时送取公务材料";

        var dispatcher = await fleet.SignInAsync("jiangan.dispatcher");
        await dispatcher.GotoAsync("/dispatch?day=2026-11-02");
        await dispatcher.Locator("#board[data-listening=true]").WaitForAsync();
        await dispatcher.EvaluateAsync("() => window.sameDocument = true");
        (await dispatcher.Locator("#awaiting").InnerTextAsync()).Should().NotContain(purpose);

        // A short trip in office hours is approved by the policy at once, so it goes straight to the dispatch centre.
        var clerk = await fleet.SignInAsync("jiangan.clerk");
        await clerk.GotoAsync("/trips/new");
        await clerk.Locator("select[name=Purpose]").SelectOptionAsync("Other");
        await clerk.Locator("input[name=PurposeText]").FillAsync(purpose);
        await clerk.Locator("input[name=Start]").FillAsync("2026-11-02T14:00");
        await clerk.Locator("input[name=End]").FillAsync("2026-11-02T15:00");
        await clerk.Locator("input[name=PickUp]").FillAsync("江岸区政府办公室");
        await clerk.Locator("input[name='Destinations[0]']").FillAsync("W市政务服务中心");
        await clerk.Locator("form.stack button[type=submit]").ClickAsync();
        await clerk.WaitForURLAsync(BrowserFleet.TripPage);

        await Assertions.Expect(dispatcher.Locator("#awaiting")).ToContainTextAsync(purpose, new LocatorAssertionsToContainTextOptions { Timeout = 15_000 });
        (await dispatcher.EvaluateAsync<bool>("() => window.sameDocument === true")).Should().BeTrue("the board redrew itself; the page was not reloaded");
        await fleet.ScreenshotAsync(dispatcher, "dispatch-live.zh");
    }

    [Fact]
    public async Task The_timeline_draws_a_trip_dispatched_elsewhere_without_a_reload()
    {
        fleet.Clock.Reset(new LocalDateTime(2026, 11, 20, 8, 0).InZoneStrictly(BrowserFleet.Zone).ToInstant());
        await using var clerk = await FleetApi.SignInAsync(fleet, "jianghan.clerk");
        var tripId = await clerk.RequestAsync("送达区里的会议材料", "2026-11-23T10:00:00+08:00", "2026-11-23T11:00:00+08:00", "江汉区政府", "区档案馆", 1, []);

        var page = await fleet.SignInAsync("jianghan.dispatcher");
        await page.GotoAsync("/dispatch?day=2026-11-23");
        await page.Locator("#board[data-listening=true]").WaitForAsync();
        await page.EvaluateAsync("() => window.sameDocument = true");
        (await page.Locator($"#timeline a.block[href='/trips/{tripId}']").CountAsync()).Should().Be(0);

        // Another dispatcher of the pool dispatches it from their own desk.
        await using var desk = await FleetApi.SignInAsync(fleet, "jianghan.dispatcher");
        var drivers = await desk.GetAsync($"/api/trips/{tripId}/candidates");
        var driver = drivers.GetProperty("drivers").EnumerateArray().First(d => d.GetProperty("available").GetBoolean() && d.GetProperty("licenceFits").GetBoolean()).GetProperty("driverId").GetGuid();
        await desk.DispatchAsync(tripId, driver);

        await Assertions.Expect(page.Locator($"#timeline .plan-row[data-lane=driver][data-id='{driver}'] a.block[href='/trips/{tripId}']"))
            .ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 15_000 });
        (await page.EvaluateAsync<bool>("() => window.sameDocument === true")).Should().BeTrue("the timeline redrew itself; the page was not reloaded");
        await page.Context.CloseAsync();
    }
}
