using FluentAssertions;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>The dispatcher's board shows a new request the moment it is approved, without anybody reloading the page.</summary>
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
}
