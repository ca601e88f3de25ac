using System.Text.RegularExpressions;
using Fleet.Domain.Trips;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The dispatcher's timeline, used instead of the paper plan: the day by the hour and the week by the day in the pool's
/// time, a lane for every car (plate and class) and every driver (by name), trips, workshop visits and leave as blocks in
/// their own colours and words; a trip's block opens the trip, and a trip chosen on the board is dispatched or
/// reassigned by picking free lanes, through the same dispatch form.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DispatchConsoleTests(BrowserFleet fleet)
{
    private const string Pool = "420103";
    private const string Day = "2026-11-18";

    private static readonly string[] ChineseClasses = ["轿车", "多用途乘用车", "中型客车", "大型客车", "专用车"];

    [Fact]
    public async Task The_timeline_shows_hours_and_days_lanes_by_name_and_blocks_by_kind_and_a_trip_block_opens_the_trip()
    {
        fleet.Clock.Reset(Local(16, 8, 0));
        await using var clerk = await FleetApi.SignInAsync(fleet, "jianghan.clerk");
        await using var api = await FleetApi.SignInAsync(fleet, "jianghan.dispatcher");
        await using var admin = await FleetApi.SignInAsync(fleet, "jianghan.fleetadmin");
        var tripId = await clerk.RequestAsync("送文件到武汉站", $"{Day}T09:00:00+08:00", $"{Day}T11:30:00+08:00", "江汉区政府", "武汉站", 2, ["李明"], "Sedan");
        var candidates = await api.GetAsync($"/api/trips/{tripId}/candidates");
        var freeDrivers = candidates.GetProperty("drivers").EnumerateArray()
            .Where(d => d.GetProperty("available").GetBoolean() && d.GetProperty("licenceFits").GetBoolean()).ToList();
        var driving = freeDrivers[0].GetProperty("driverId").GetGuid();
        var onLeave = freeDrivers[1].GetProperty("driverId").GetGuid();
        await api.DispatchAsync(tripId, driving);
        var trip = await TripAsync(tripId);
        var inWorkshop = candidates.GetProperty("vehicles").EnumerateArray().Where(v => v.GetProperty("available").GetBoolean())
            .Select(v => v.GetProperty("vehicleId").GetGuid()).First(v => v != trip.Assignment!.VehicleId);
        await admin.PostAsync($"/api/vehicles/{inWorkshop}/maintenance",
            new { start = $"{Day}T13:00:00+08:00", end = $"{Day}T17:00:00+08:00", kind = "保养", note = "二级保养" });
        await admin.PostAsync($"/api/drivers/{onLeave}/leave", new { start = $"{Day}T00:00:00+08:00", end = "2026-11-19T00:00:00+08:00", kind = "年休假" });

        var page = await fleet.SignInAsync("jianghan.dispatcher");
        await page.GotoAsync($"/dispatch?day={Day}");
        var timeline = page.Locator("#timeline");

        // An hour axis in the pool's local time, every label whole.
        var hours = await timeline.Locator(".tick").AllInnerTextsAsync();
        hours.Select(h => h.Trim()).Should().Contain(["06:00", "09:00", "12:00", "21:00"]);
        (await CutLabelsAsync(page)).Should().BeEmpty("no axis label is cut off");

        // A lane per car with its plate and class in words, a lane per driver by name.
        var carLane = timeline.Locator($".plan-row[data-lane=car][data-id='{trip.Assignment!.VehicleId}']");
        var carWho = await carLane.Locator(".who").InnerTextAsync();
        carWho.Should().Contain(trip.Assignment.Plate).And.ContainAny(ChineseClasses);
        (await timeline.Locator(".plan-row[data-lane=car]").CountAsync()).Should().BeGreaterThan(1);
        var driverLane = timeline.Locator($".plan-row[data-lane=driver][data-id='{driving}']");
        (await driverLane.Locator(".who").InnerTextAsync()).Should().Contain(trip.Assignment.DriverName);

        // Blocks in their own colours, each saying what it is.
        var tripBlock = carLane.Locator("a.block[data-kind=trip]");
        var tripWords = await tripBlock.GetAttributeAsync("aria-label");
        tripWords.Should().Contain("派车单").And.Contain(trip.Order!.Text).And.Contain("武汉站").And.Contain("09:00–11:30");
        (await driverLane.Locator("a.block[data-kind=trip]").CountAsync()).Should().Be(1, "the driver's lane holds the same trip");
        var workshop = timeline.Locator($".plan-row[data-lane=car][data-id='{inWorkshop}'] .block[data-kind=maintenance]");
        (await workshop.Locator("summary").GetAttributeAsync("aria-label")).Should().Contain("维修保养").And.Contain("13:00–17:00");
        var leave = timeline.Locator($".plan-row[data-lane=driver][data-id='{onLeave}'] .block[data-kind=leave]");
        (await leave.Locator("summary").GetAttributeAsync("aria-label")).Should().Contain("请假").And.Contain("年休假");
        var colours = new[]
        {
            await BackgroundAsync(tripBlock), await BackgroundAsync(workshop), await BackgroundAsync(leave),
        };
        colours.Should().OnlyHaveUniqueItems("each kind of block has its own colour");
        (await timeline.Locator(".timeline-legend li").AllInnerTextsAsync()).Should().HaveCountGreaterThanOrEqualTo(4);

        // A dispatcher may not open the car's record: the workshop block shows its details instead.
        await workshop.Locator("summary").ClickAsync();
        (await workshop.Locator(".more").IsVisibleAsync()).Should().BeTrue();
        (await workshop.Locator(".more").InnerTextAsync()).Should().Contain("保养");
        await fleet.ScreenshotAsync(page, "dispatch-timeline.zh");

        // The week by the day, each day named and opening the day.
        await page.GotoAsync($"/dispatch?day={Day}&view=week");
        var days = (await timeline.Locator(".tick").AllInnerTextsAsync()).Select(d => d.Trim()).ToList();
        days.Should().HaveCount(7).And.Contain(d => d.Contains("星期三") && d.Contains("11-18")).And.Contain(d => d.Contains("11-16"));
        (await CutLabelsAsync(page)).Should().BeEmpty("no day label is cut off");
        (await timeline.Locator($".plan-row[data-lane=car][data-id='{trip.Assignment.VehicleId}'] a.block[data-kind=trip]").GetAttributeAsync("aria-label"))
            .Should().Contain("2026-11-18 09:00–11:30");

        // The trip's block opens the trip.
        await page.GotoAsync($"/dispatch?day={Day}");
        await carLane.Locator("a.block[data-kind=trip]").ClickAsync();
        await page.WaitForURLAsync($"**/trips/{tripId}", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.Context.CloseAsync();

        // In English the lanes and the waiting list name the class as a word with a capital, never an enum or a lowercase word.
        var waiting = await clerk.RequestAsync("接待来访代表团", $"{Day}T14:00:00+08:00", $"{Day}T15:00:00+08:00", "江汉区政府", "汉口站", 3, [], "Sedan");
        var english = await fleet.SignInAsync("jianghan.dispatcher", "en-US");
        await english.GotoAsync($"/dispatch?day={Day}");
        (await english.Locator($"#awaiting tr[data-trip='{waiting}']").InnerTextAsync()).Should().Contain("Sedan").And.NotContain("sedan");
        var lanes = await english.Locator("#timeline .plan-row[data-lane=car] .detail").AllInnerTextsAsync();
        lanes.Should().OnlyContain(l => EnglishClass().IsMatch(l), "a class standing alone starts with a capital");
        (await english.Locator($"#timeline .plan-row[data-lane=car][data-id='{trip.Assignment.VehicleId}'] a.block").GetAttributeAsync("aria-label"))
            .Should().StartWith("Dispatch order");
        (await PagesTests.AccessibilityViolationsAsync(english)).Should().BeEmpty();
        await english.Context.CloseAsync();
    }

    [Fact]
    public async Task A_waiting_trip_is_dispatched_and_then_reassigned_by_picking_lanes_on_the_timeline()
    {
        fleet.Clock.Reset(Local(16, 8, 0));
        await using var clerk = await FleetApi.SignInAsync(fleet, "jianghan.clerk");
        var tripId = await clerk.RequestAsync("参加区里协调会", "2026-11-19T14:00:00+08:00", "2026-11-19T15:30:00+08:00", "江汉区政府", "区会议中心", 2, [], "Sedan");

        var page = await fleet.SignInAsync("jianghan.dispatcher");
        await page.GotoAsync("/dispatch");
        await page.Locator($"#awaiting tr[data-trip='{tripId}'] a.button").ClickAsync();
        await page.Locator("#candidates").WaitForAsync();
        page.Url.Should().Contain("day=2026-11-19", "choosing a trip opens its own day");

        // The wanted window is drawn on the timeline, and free lanes offer themselves.
        (await page.Locator("#timeline .wanted-mark").InnerTextAsync()).Should().Contain("14:00–15:30");
        (await page.Locator("#timeline .plan-row[data-lane=car] .wanted").CountAsync()).Should().BeGreaterThan(0);
        // A car of the class asked for, so that no reason for another class is needed.
        var sedans = page.Locator("#timeline .plan-row[data-lane=car]").Filter(new LocatorFilterOptions { Has = page.Locator("a.pick") })
            .Filter(new LocatorFilterOptions { Has = page.Locator(".detail", new PageLocatorOptions { HasText = "轿车" }) });
        var carLane = sedans.Last;
        var vehicleId = Guid.Parse((await carLane.GetAttributeAsync("data-id"))!);
        await carLane.Locator("a.pick").ClickAsync();
        await page.Locator($"#v-{vehicleId}:checked").WaitForAsync();
        (await page.Locator($"#timeline .plan-row[data-id='{vehicleId}'] .picked").CountAsync()).Should().Be(1, "the picked car is marked");

        var driverLane = page.Locator("#timeline .plan-row[data-lane=driver]").Filter(new LocatorFilterOptions { Has = page.Locator("a.pick") }).Last;
        var driverId = Guid.Parse((await driverLane.GetAttributeAsync("data-id"))!);
        await driverLane.Locator("a.pick").ClickAsync();
        await page.Locator($"#d-{driverId}:checked").WaitForAsync();
        (await page.Locator($"#v-{vehicleId}").IsCheckedAsync()).Should().BeTrue("picking a driver keeps the car picked");
        await fleet.ScreenshotAsync(page, "dispatch-timeline-pick.zh");

        await page.Locator("#candidates button[type=submit]").ClickAsync();
        await page.Locator(".notice").WaitForAsync();
        var dispatched = await TripAsync(tripId);
        dispatched.Status.Should().Be(TripStatus.Dispatched);
        dispatched.Assignment!.VehicleId.Should().Be(vehicleId);
        dispatched.Assignment.DriverId.Should().Be(driverId);

        // Reassigning: the trip chosen again from the board, another free car picked on the timeline, a reason given.
        await page.GotoAsync("/dispatch?day=2026-11-19");
        (await page.Locator($"#timeline .plan-row[data-id='{vehicleId}'] a.block[data-kind=trip]").GetAttributeAsync("href")).Should().Be($"/trips/{tripId}");
        await page.Locator($"#today tr[data-trip='{tripId}'] a", new PageLocatorOptions { HasText = "改派" }).ClickAsync();
        await page.Locator("#candidates").WaitForAsync();
        var other = page.Locator($"#timeline .plan-row[data-lane=car]:not([data-id='{vehicleId}'])").Filter(new LocatorFilterOptions { Has = page.Locator("a.pick") })
            .Filter(new LocatorFilterOptions { Has = page.Locator(".detail", new PageLocatorOptions { HasText = "轿车" }) }).First;
        var otherId = Guid.Parse((await other.GetAttributeAsync("data-id"))!);
        otherId.Should().NotBe(vehicleId);
        await other.Locator("a.pick").ClickAsync();
        await page.Locator($"#v-{otherId}:checked").WaitForAsync();
        await page.Locator("#candidates input[name=reason]").FillAsync("原车临时送修");
        await page.Locator("#candidates button[type=submit]").ClickAsync();
        await page.Locator(".notice, [role=alert]").First.WaitForAsync();
        (await page.Locator("[role=alert]").AllInnerTextsAsync()).Should().BeEmpty("the reassignment is accepted");
        (await page.Locator(".notice").InnerTextAsync()).Should().Contain("已改派");
        var reassigned = await TripAsync(tripId);
        reassigned.Assignment!.VehicleId.Should().Be(otherId);
        reassigned.Assignment.DriverId.Should().Be(driverId, "the driver was left as they were");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_timeline_scrolls_in_its_own_box_and_the_page_passes_axe()
    {
        fleet.Clock.Reset(Local(16, 8, 0));
        foreach (var locale in new[] { "zh-CN", "en-US" })
        {
            var page = await fleet.SignInAsync("jianghan.dispatcher", locale, phone: true);
            foreach (var view in new[] { "day", "week" })
            {
                await page.GotoAsync($"/dispatch?day={Day}&view={view}");
                (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, $"the {view} fits a phone");
                var box = page.Locator("#timeline .timeline-box");
                (await box.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX === 'auto'"))
                    .Should().BeTrue("the timeline scrolls inside its own box");
                (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty($"the {view} in {locale} passes axe on a phone");
            }

            if (locale == "zh-CN") await fleet.ScreenshotAsync(page, "dispatch-timeline-phone.zh");
            await page.Context.CloseAsync();
        }
    }

    private static async Task<string[]> CutLabelsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('#timeline .tick, #timeline .who')]
                .filter(e => e.scrollWidth > e.clientWidth + 1)
                .map(e => e.textContent.trim())
            """);

    private static Task<string> BackgroundAsync(ILocator block) =>
        block.EvaluateAsync<string>("e => { const s = getComputedStyle(e); return s.backgroundImage !== 'none' ? s.backgroundImage : s.backgroundColor; }");

    private static Instant Local(int day, int hour, int minute) =>
        new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(BrowserFleet.Zone).ToInstant();

    private async Task<Trip> TripAsync(Guid id)
    {
        await using var session = fleet.Store.QuerySession(Pool);
        return (await session.LoadAsync<Trip>(id))!;
    }

    [GeneratedRegex(@"^(Sedan|MPV|Minibus|Bus|Special vehicle) · \d+ seats$")]
    private static partial Regex EnglishClass();
}
