using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The clerk's whole job through the trip pages: asking (and being told when the policy approved at once), changing the
/// request, cancelling after saying so twice, and answering for a finished trip while seeing its distance and costs;
/// the trip's page for everyone of its pool and for nobody else; the list's search and pages; all of it on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ClerkTripPagesTests(BrowserFleet fleet)
{
    private static Instant Local(int day, int hour, int minute) =>
        new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(BrowserFleet.Zone).ToInstant();

    [Fact]
    public async Task The_clerk_requests_amends_cancels_disputes_confirms_and_rates_through_the_trip_pages()
    {
        fleet.Clock.Reset(Local(2, 9, 30));
        var purpose = $"区档案馆调阅{Guid.NewGuid():N}"[..14];
        var clerk = await fleet.SignInAsync("jiangan.clerk");

        // A return before the departure is named as the form names the two fields, and the banner speaks in words.
        await FillRequestAsync(clerk, purpose, "2026-11-10T11:00", "2026-11-10T09:00");
        await clerk.Locator("form.stack button[type=submit]").ClickAsync();
        var endProblem = await clerk.Locator($"#{FieldErrorId("end")}").InnerTextAsync();
        endProblem.Should().Contain("返回").And.Contain("出发");
        var banner = await clerk.Locator(".form-error[role=alert]").InnerTextAsync();
        banner.Should().NotContain("errors").And.Contain("栏目");
        (await clerk.Locator("label", new PageLocatorOptions { HasTextString = "事由" }).CountAsync()).Should().Be(1, "one field is called 事由");

        // Two hours on a working morning: the policy approves at once, and the clerk is told so.
        await clerk.Locator("input[name=End]").FillAsync("2026-11-10T11:00");
        await clerk.Locator("input[name=Start]").FillAsync("2026-11-10T09:00");
        await clerk.Locator("form.stack button[type=submit]").ClickAsync();
        // The clerk lands on the new trip's own page.
        await clerk.WaitForURLAsync(BrowserFleet.TripPage);
        (await clerk.Locator("p[role=status].notice").InnerTextAsync()).Should().Contain("自动批准");
        var tripId = Guid.Parse(clerk.Url.Split('/').Last());
        (await clerk.Locator("#auto-approved").InnerTextAsync()).Should().Contain("自动批准");
        (await clerk.Locator("#timeline").InnerTextAsync()).Should().Contain("按用车制度自动批准");
        await NoOverflowOnPhoneAsync($"/trips/{tripId}", "trip-detail");

        // The clerk changes the request: the page is the request form, filled in as it stands.
        await clerk.Locator("a[href$='/amend']").ClickAsync();
        await clerk.WaitForURLAsync("**/amend");
        (await clerk.Locator("input[name=PurposeText]").InputValueAsync()).Should().Be(purpose);
        await NoOverflowOnPhoneAsync($"/trips/{tripId}/amend", "trip-amend");
        await clerk.Locator("input[name='Destinations[1]']").FillAsync("江岸区图书馆");
        await clerk.Locator("form.stack button[type=submit]").ClickAsync();
        await clerk.WaitForURLAsync($"**/trips/{tripId}");
        (await clerk.Locator(".trip-facts").InnerTextAsync()).Should().Contain("江岸区图书馆");
        (await clerk.Locator("#timeline").InnerTextAsync()).Should().Contain("修改申请");

        // A second request is cancelled only after the clerk has seen what is cancelled and said so again.
        var spare = purpose + "备";
        await FillRequestAsync(clerk, spare, "2026-11-11T09:00", "2026-11-11T10:00");
        await clerk.Locator("form.stack button[type=submit]").ClickAsync();
        await clerk.WaitForURLAsync(url => BrowserFleet.TripPage.IsMatch(url) && !url.Contains(tripId.ToString(), StringComparison.Ordinal));
        await clerk.Locator("a[href$='/cancel']").ClickAsync();
        await clerk.WaitForURLAsync("**/cancel");
        (await clerk.Locator(".warning").InnerTextAsync()).Should().Contain("无法恢复");
        (await clerk.Locator("dl.facts").InnerTextAsync()).Should().Contain(spare);
        await NoOverflowOnPhoneAsync(new Uri(clerk.Url).AbsolutePath, "trip-cancel");
        await clerk.Locator("button.danger").ClickAsync();
        await clerk.Locator(".notice").WaitForAsync();
        (await clerk.Locator("#trip-status").InnerTextAsync()).Should().Be("已取消");

        // The dispatch centre sends jiangan.driver; the driver goes and comes back with the readings and costs.
        var driverName = await DriverNameAsync("jiangan.driver");
        var dispatcher = await fleet.SignInAsync("jiangan.dispatcher");
        await dispatcher.GotoAsync($"/dispatch?day=2026-11-10&trip={tripId}");
        await dispatcher.Locator("#candidates tr", new PageLocatorOptions { HasText = driverName }).Locator("input[type=radio]").CheckAsync();
        await dispatcher.Locator("#candidates button[type=submit]").ClickAsync();
        await dispatcher.Locator(".notice").WaitForAsync();
        var driver = await fleet.SignInAsync("jiangan.driver", phone: true);
        await driver.GotoAsync("/driver");
        var card = driver.Locator($"article[data-trip='{tripId}']");
        await card.Locator("form[action*='Accept'] button").ClickAsync();
        await driver.Locator(".notice").WaitForAsync();
        fleet.Clock.Reset(Local(10, 8, 50));
        await driver.GotoAsync("/driver");
        var odometerOut = decimal.Parse(await card.Locator("input[name=odometerKm]").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await card.Locator("form[action*='Start'] button").ClickAsync();
        await driver.Locator(".notice").WaitForAsync();
        fleet.Clock.Reset(Local(10, 11, 5));
        await driver.GotoAsync("/driver");
        await card.Locator("form[action*='Finish'] input[name=odometerKm]").FillAsync((odometerOut + 18.4m).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await card.Locator("input[name=parking]").FillAsync("15");
        await card.Locator("form[action*='Finish'] button").ClickAsync();
        await driver.Locator(".notice").WaitForAsync();

        // The clerk sees the distance and the costs on the page where the record is answered for.
        await clerk.GotoAsync($"/trips/{tripId}");
        (await clerk.Locator("#trip-km").InnerTextAsync()).Should().Contain("18.4");
        (await clerk.Locator("#trip-total").InnerTextAsync()).Should().Contain("15.00");
        (await clerk.Locator("#trip-order").InnerTextAsync()).Should().StartWith("420102-2026-");
        await fleet.ScreenshotAsync(clerk, "trip-confirm.zh");

        // A dispute without its items is refused next to them; with them it stands beside the record.
        await clerk.Locator("#dispute-form textarea[name=details]").FillAsync("停车费实际为 10 元");
        await clerk.Locator("#dispute-form button").ClickAsync();
        (await clerk.Locator("#dispute-form").InnerTextAsync()).Should().Contain("请填写", "the items were left out");
        await clerk.Locator("#dispute-form input[value=Costs]").CheckAsync();
        await clerk.Locator("#dispute-form textarea[name=details]").FillAsync("停车费实际为 10 元");
        await clerk.Locator("#dispute-form button").ClickAsync();
        await clerk.Locator(".notice").WaitForAsync();
        (await clerk.Locator("#trip-dispute").InnerTextAsync()).Should().Contain("停车费实际为 10 元").And.Contain("费用");

        // Confirmed with four stars and a comment, the record is closed and the rating shows with it.
        await clerk.Locator("#confirm-form select[name=stars]").SelectOptionAsync("4");
        await clerk.Locator("#confirm-form input[name=comment]").FillAsync("司机准时，路线熟悉");
        await clerk.Locator("#confirm-form button").ClickAsync();
        await clerk.Locator(".notice").WaitForAsync();
        (await clerk.Locator("#trip-status").InnerTextAsync()).Should().Be("已结单");
        (await clerk.Locator("#trip-rating").InnerTextAsync()).Should().Contain("★★★★").And.Contain("司机准时，路线熟悉");
        var story = await clerk.Locator("#timeline").InnerTextAsync();
        foreach (var step in new[] { "提交用车申请", "修改申请", "派车（派车单 420102-2026-", "驾驶员接受任务", "出车", "回场", "提出异议", "评价 ★★★★", "确认回场", "记录已定稿" })
            story.Should().Contain(step);
        story.Should().Contain(driverName);

        // Everyone of the pool who has to do with the trip sees its page; another district's staff get the 404 page.
        foreach (var (login, phone) in new[] { ("jiangan.approver", false), ("jiangan.dispatcher", false), ("jiangan.driver", true), ("jiangan.supervisor", false) })
        {
            var viewer = await fleet.SignInAsync(login, phone: phone);
            var seen = await viewer.GotoAsync($"/trips/{tripId}");
            seen!.Status.Should().Be(200, $"{login} may see the trip");
            (await viewer.Locator("#timeline").InnerTextAsync()).Should().Contain("派车");
            (await viewer.Locator("#confirm-form").CountAsync()).Should().Be(0, $"{login} does not answer for the clerk's trip");
            await viewer.Context.CloseAsync();
        }

        var supervisor = await fleet.SignInAsync("jiangan.supervisor");
        await supervisor.GotoAsync($"/trips/{tripId}");
        (await supervisor.Locator($"a[href='/audit?record={tripId}']").CountAsync()).Should().Be(1, "the supervisor goes on to the audit trail");
        (await supervisor.Locator("a[href^='/logbook?vehicleId=']").CountAsync()).Should().Be(1, "and to the car's logbook");
        await supervisor.Context.CloseAsync();

        foreach (var login in new[] { "jianghan.dispatcher", "jianghan.clerk", "jianghan.supervisor" })
        {
            var stranger = await fleet.SignInAsync(login);
            var refused = await stranger.GotoAsync($"/trips/{tripId}");
            refused!.Status.Should().Be(404, $"{login} works for another district");
            (await stranger.Locator("body").InnerTextAsync()).Should().NotContain(purpose);
            await stranger.Context.CloseAsync();
        }

        await clerk.Context.CloseAsync();
        await dispatcher.Context.CloseAsync();
        await driver.Context.CloseAsync();
    }

    [Fact]
    public async Task The_list_finds_a_trip_by_its_dispatch_order_number_and_pages_through_the_pools_history()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        Trip dispatched;
        int pooled;
        await using (var session = fleet.Store.QuerySession("420102"))
        {
            dispatched = (await session.Query<Trip>().Where(t => t.Order != null).OrderBy(t => t.Details.Start).Take(1).ToListAsync()).Single();
            pooled = await session.Query<Trip>().CountAsync();
        }

        pooled.Should().BeGreaterThan(40, "the pool's month of history fills more than two pages");
        var dispatcher = await fleet.SignInAsync("jiangan.dispatcher");
        await dispatcher.GotoAsync($"/trips?search={dispatched.Order!.Text}");
        var rows = dispatcher.Locator("#trips tbody tr");
        (await rows.CountAsync()).Should().Be(1);
        (await rows.First.GetAttributeAsync("data-trip")).Should().Be(dispatched.Id.ToString());
        await dispatcher.GotoAsync($"/trips?search={Uri.EscapeDataString(dispatched.Order.Text[^5..])}&from=2026-01-01");
        (await dispatcher.Locator($"#trips tr[data-trip='{dispatched.Id}']").CountAsync()).Should().Be(1, "a part of the number finds it too");

        await dispatcher.GotoAsync("/trips");
        (await rows.CountAsync()).Should().Be(20, "a page holds twenty trips");
        var first = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.trip)");
        (await dispatcher.Locator("#trips-count").InnerTextAsync()).Should().Contain(pooled.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await dispatcher.Locator(".pager a[rel=next]").ClickAsync();
        await dispatcher.WaitForURLAsync("**p=2*");
        var second = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.trip)");
        second.Should().HaveCount(20).And.NotIntersectWith(first);

        // Filters stay with the pages: the closed trips of the month, page two.
        await dispatcher.GotoAsync("/trips?status=Closed");
        var closed = await dispatcher.Locator("#trips .status").AllInnerTextsAsync();
        closed.Should().NotBeEmpty().And.OnlyContain(s => s == "已结单");
        await dispatcher.Context.CloseAsync();

        // The clerk's home cards open the list filtered to what they count.
        var clerk = await fleet.SignInAsync("jiangan.clerk");
        await clerk.GotoAsync("/");
        (await clerk.Locator("a.card[href='/trips?status=Completed&mine=true']").CountAsync()).Should().Be(1);
        await clerk.Locator("a.card[href='/trips?open=true&mine=true']").ClickAsync();
        await clerk.WaitForURLAsync("**open=true*");
        (await clerk.Locator("#trips-count").CountAsync()).Should().Be(1);
        await clerk.Context.CloseAsync();
    }

    [Fact]
    public async Task The_request_form_speaks_english_without_codes()
    {
        fleet.Clock.Reset(Local(2, 9, 30));
        var clerk = await fleet.SignInAsync("jiangan.clerk", "en-US");
        await FillRequestAsync(clerk, "Archive visit", "2026-11-10T11:00", "2026-11-10T09:00");
        await clerk.Locator("form.stack button[type=submit]").ClickAsync();
        var endProblem = await clerk.Locator($"#{FieldErrorId("end")}").InnerTextAsync();
        endProblem.Should().Contain("return").And.Contain("departure");
        var text = await clerk.Locator("main").InnerTextAsync();
        text.Should().NotContain("errors").And.NotContainAny("：", "，", "。");
        var options = await clerk.Locator("select[name=Purpose] option").AllInnerTextsAsync();
        options.Should().OnlyContain(o => char.IsUpper(o[0]), "a term standing alone begins with a capital");

        await clerk.GotoAsync("/trips");
        var list = await clerk.Locator("main").InnerTextAsync();
        list.Should().NotMatchRegex(@"\b(meeting|inspection|closed|completed|cancelled)\b", "terms standing alone begin with a capital");
        await clerk.Context.CloseAsync();
    }

    private static string FieldErrorId(string field) => Fleet.Server.Web.FieldErrorTagHelper.ErrorId(field);

    private static async Task FillRequestAsync(IPage clerk, string purpose, string start, string end)
    {
        await clerk.GotoAsync("/trips/new");
        await clerk.Locator("select[name=Purpose]").SelectOptionAsync("Meeting");
        await clerk.Locator("input[name=PurposeText]").FillAsync(purpose);
        await clerk.Locator("input[name=Start]").FillAsync(start);
        await clerk.Locator("input[name=End]").FillAsync(end);
        await clerk.Locator("input[name=PickUp]").FillAsync("江岸区政府办公室");
        await clerk.Locator("input[name='Destinations[0]']").FillAsync("江岸区档案馆");
    }

    /// <summary>The page in a plain phone-sized window: nothing wider than the screen, and axe finds nothing.</summary>
    private async Task NoOverflowOnPhoneAsync(string path, string name)
    {
        var phone = await fleet.SignInAsync("jiangan.clerk", phone: true);
        var response = await phone.GotoAsync(path);
        response!.Status.Should().Be(200);
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, $"{path} fits a phone");
        (await PagesTests.AccessibilityViolationsAsync(phone)).Should().BeEmpty($"{path} passes axe");
        await fleet.ScreenshotAsync(phone, $"{name}.phone.zh");
        await phone.Context.CloseAsync();
    }

    private async Task<string> DriverNameAsync(string login)
    {
        await using var session = fleet.Store.QuerySession("420102");
        var user = await session.Query<User>().SingleAsync(u => u.LoginName == login);
        return (await session.Query<Driver>().SingleAsync(d => d.UserId == user.Id)).Name;
    }
}
