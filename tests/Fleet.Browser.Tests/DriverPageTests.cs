using System.Globalization;
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
/// A driver's day on a phone (390 × 844, a plain window): the assignments with who rides from where to where and who
/// asked, taking one, leaving, coming back with the readings and costs, turning another down with the reason, and the
/// trips brought back; the list keeping itself current without losing what is being typed, and never wider than the
/// phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DriverPageTests(BrowserFleet fleet)
{
    private const string Pool = "420103";

    private static Instant Local(int day, int hour, int minute) =>
        new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(BrowserFleet.Zone).ToInstant();

    [Fact]
    public async Task A_driver_does_the_whole_days_work_on_a_phone()
    {
        fleet.Clock.Reset(Local(10, 7, 30));
        var (driverId, driverName) = await DriverAsync("jianghan.driver");
        await using var clerk = await FleetApi.SignInAsync(fleet, "jianghan.clerk");
        await using var dispatcher = await FleetApi.SignInAsync(fleet, "jianghan.dispatcher");
        var clerkName = await DisplayNameAsync("jianghan.clerk");

        var morning = await clerk.RequestAsync("参加防汛工作调度会", "2026-11-10T09:00:00+08:00", "2026-11-10T10:30:00+08:00",
            "江汉区政府北门", "W市会议中心", 2, ["张建国", "李秀英"], "Sedan");
        await dispatcher.DispatchAsync(morning, driverId);

        var driver = await fleet.SignInAsync("jianghan.driver", phone: true);
        await driver.GotoAsync("/driver");
        await driver.Locator("#assignments[data-listening=true]").WaitForAsync();
        await driver.EvaluateAsync("() => window.sameDocument = true");

        // Whose page it is, by name; and the trip with everything the driver needs to know.
        var who = await driver.Locator(".driver-who").InnerTextAsync();
        who.Should().Contain(driverName).And.NotContain("Driver");
        var card = driver.Locator($"article[data-trip='{morning}']");
        var facts = await card.InnerTextAsync();
        facts.Should().Contain("张建国").And.Contain("李秀英").And.Contain("2 人").And.Contain("江汉区政府北门").And.Contain("W市会议中心")
            .And.Contain("09:00").And.Contain(clerkName).And.Contain("420103-2026-");
        await NothingWiderThanThePhoneAsync(driver);
        await fleet.ScreenshotAsync(driver, "driver-assignment.zh");

        // Turning down is kept apart, below the primary action and closed.
        var primary = await card.Locator("form.primary").BoundingBoxAsync();
        var decline = await card.Locator("details.decline").BoundingBoxAsync();
        decline!.Y.Should().BeGreaterThan(primary!.Y + primary.Height - 1, "turning a trip down sits below taking it");
        (await card.Locator("details.decline textarea[name=reason]").IsVisibleAsync()).Should().BeFalse("the reason box opens only on asking");

        await card.Locator("form[action*='Accept'] button").ClickAsync();
        await driver.Locator(".notice").WaitForAsync();
        (await driver.Locator(".notice").InnerTextAsync()).Should().Contain("已接受任务");

        // Leaving: the departure reading starts from the car's last one.
        fleet.Clock.Reset(Local(10, 8, 50));
        await driver.GotoAsync("/driver");
        var odometerOut = decimal.Parse(await card.Locator("form[action*='Start'] input[name=odometerKm]").InputValueAsync(), CultureInfo.InvariantCulture);
        await card.Locator("form[action*='Start'] button").ClickAsync();
        await driver.Locator(".notice").WaitForAsync();
        (await driver.Locator(".notice").InnerTextAsync()).Should().Contain("已出车");

        // Coming back: the driver starts typing; meanwhile the dispatch centre sends another trip, which shows up
        // without a reload and without touching what is being typed.
        await driver.Locator("#assignments[data-listening=true]").WaitForAsync();
        await driver.EvaluateAsync("() => window.sameDocument = true");
        var returned = (odometerOut + 18.6m).ToString(CultureInfo.InvariantCulture);
        var finish = card.Locator("form[action*='Finish']");
        await finish.Locator("input[name=odometerKm]").FillAsync(returned);
        await finish.Locator("input[name=parking]").FillAsync("15");
        await NothingWiderThanThePhoneAsync(driver);
        await fleet.ScreenshotAsync(driver, "driver-finish.zh");

        var afternoon = await clerk.RequestAsync("送审计材料", "2026-11-10T14:00:00+08:00", "2026-11-10T15:00:00+08:00",
            "江汉区政府北门", "W市档案馆", 1, [], "Sedan");
        await dispatcher.DispatchAsync(afternoon, driverId);
        var second = driver.Locator($"article[data-trip='{afternoon}']");
        await second.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        (await driver.EvaluateAsync<bool>("() => window.sameDocument === true")).Should().BeTrue("the list refreshed itself; the page was not reloaded");
        (await finish.Locator("input[name=odometerKm]").InputValueAsync()).Should().Be(returned, "what the driver typed is kept");
        (await finish.Locator("input[name=parking]").InputValueAsync()).Should().Be("15");

        fleet.Clock.Reset(Local(10, 10, 40));
        await finish.Locator("input[name=fuelCost]").FillAsync("62.5");
        await finish.Locator("input[name=tolls]").FillAsync("10");
        await finish.Locator("button[type=submit]").ClickAsync();
        await driver.Locator(".notice").WaitForAsync();
        (await driver.Locator(".notice").InnerTextAsync()).Should().Contain("已回场登记");

        // The other one cannot be driven: the driver says why.
        await second.Locator("details.decline summary").ClickAsync();
        await second.Locator("textarea[name=reason]").FillAsync("下午需送车辆年检");
        await NothingWiderThanThePhoneAsync(driver);
        await second.Locator("form[action*='Decline'] button").ClickAsync();
        await driver.Locator(".notice").WaitForAsync();
        (await driver.Locator(".notice").InnerTextAsync()).Should().Contain("无法出车");
        (await driver.Locator($"article[data-trip='{afternoon}']").CountAsync()).Should().Be(0, "a declined trip leaves the driver's list");

        // The trip brought back is in the history with its distance.
        var history = driver.Locator($"#history tr[data-trip='{morning}']");
        (await history.InnerTextAsync()).Should().Contain("18.6").And.Contain("W市会议中心");
        await NothingWiderThanThePhoneAsync(driver);
        await fleet.ScreenshotAsync(driver, "driver-history.zh");

        await using (var session = fleet.Store.QuerySession(Pool))
        {
            var done = await session.LoadAsync<Trip>(morning);
            done!.Status.Should().Be(TripStatus.Completed);
            done.OdometerIn!.Value.Kilometres.Should().Be(odometerOut + 18.6m);
            var declined = await session.LoadAsync<Trip>(afternoon);
            declined!.Status.Should().Be(TripStatus.Approved, "the declined trip waits for the dispatch centre again");
        }

        await driver.Context.CloseAsync();
    }

    [Fact]
    public async Task A_refresh_of_the_list_leaves_an_unchanged_card_in_place_and_the_notice_to_the_page_the_form_leads_to()
    {
        fleet.Clock.Reset(Local(12, 7, 30));
        var (driverId, _) = await DriverAsync("jianghan.driver");
        await using var clerk = await FleetApi.SignInAsync(fleet, "jianghan.clerk");
        await using var dispatcher = await FleetApi.SignInAsync(fleet, "jianghan.dispatcher");
        var trip = await clerk.RequestAsync("报送统计报表", "2026-11-12T09:00:00+08:00", "2026-11-12T10:00:00+08:00",
            "江汉区政府北门", "W市统计局", 1, [], "Sedan");
        await dispatcher.DispatchAsync(trip, driverId);

        var driver = await fleet.SignInAsync("jianghan.driver", phone: true);
        await driver.GotoAsync("/driver");
        await driver.Locator("#assignments[data-listening=true]").WaitForAsync();
        var card = driver.Locator($"article[data-trip='{trip}']");
        await card.EvaluateAsync("card => card.seen = true");

        // Something else happens in the pool: the list is fetched again, and the card, the same as before, stays the
        // very node the driver's finger is on.
        var refreshed = await driver.Locator("#assignments").GetAttributeAsync("data-refreshed");
        await clerk.RequestAsync("领取会议材料", "2026-11-12T14:00:00+08:00", "2026-11-12T15:00:00+08:00",
            "江汉区政府北门", "W市印刷厂", 1, [], "Sedan");
        await driver.WaitForFunctionAsync("before => (document.getElementById('assignments').dataset.refreshed ?? null) !== before", refreshed,
            new PageWaitForFunctionOptions { Timeout = 15_000 });
        (await card.EvaluateAsync<bool>("card => card.seen === true")).Should().BeTrue("an unchanged card is not swapped for a copy");

        // The driver takes the trip, and the list fetches itself once more before the page the form leads to arrives:
        // the notice is still there for that page.
        var accept = card.Locator("form[action*='Accept']");
        var form = driver.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", await accept.Locator("input[name=__RequestVerificationToken]").InputValueAsync());
        var sent = await driver.APIRequest.PostAsync((await accept.GetAttributeAsync("action"))!, new APIRequestContextOptions { Form = form, MaxRedirects = 0 });
        sent.Status.Should().Be(302, "the trip is taken and the driver is sent back to the list");
        var next = sent.Headers["location"];
        var refresh = await driver.APIRequest.GetAsync(next, new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { ["X-Requested-With"] = "live" },
        });
        refresh.Ok.Should().BeTrue();
        (await refresh.TextAsync()).Should().NotContain("已接受任务", "the notice is for the page the driver is sent to");
        await driver.GotoAsync(next);
        await driver.Locator(".notice").WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        (await driver.Locator(".notice").InnerTextAsync()).Should().Contain("已接受任务");

        await driver.Context.CloseAsync();
    }

    [Fact]
    public async Task The_page_reads_in_English_with_the_drivers_name_and_fits_the_phone()
    {
        fleet.Clock.Reset(Local(10, 7, 30));
        var (_, driverName) = await DriverAsync("jianghan.driver");
        var driver = await fleet.SignInAsync("jianghan.driver", "en-US", phone: true);
        await driver.GotoAsync("/driver");
        (await driver.Locator(".driver-who").InnerTextAsync()).Should().Be("Driver: " + driverName);
        var words = string.Join(" ", await driver.Locator("main h1, main h2, main dt, main summary, main label, main th").AllInnerTextsAsync());
        words.Should().Contain("Trips brought back").And.NotContain("：").And.NotContain("，").And.NotContainAny("我的", "乘车人");
        await NothingWiderThanThePhoneAsync(driver);
        await driver.Context.CloseAsync();
    }

    [Fact]
    public async Task A_driver_account_linked_to_no_driver_is_told_so_and_who_can_fix_it()
    {
        await using var admin = await FleetApi.SignInAsync(fleet, "jianghan.fleetadmin");
        var login = "jh.newdriver" + Random.Shared.Next(1000, 9999);
        await admin.PostAsync("/api/users", new
        {
            loginName = login, displayName = "孙志刚", organisationCode = Pool, roles = new[] { "Driver" }, password = Fleet.Samples.DemoCity.DemoCityGenerator.Password,
        });

        var driver = await fleet.SignInAsync(login, phone: true);
        await driver.GotoAsync("/driver");
        var notice = await driver.Locator("#not-linked").InnerTextAsync();
        notice.Should().Contain("尚未关联驾驶员档案").And.Contain("车队管理员");
        await NothingWiderThanThePhoneAsync(driver);
        await driver.Context.CloseAsync();
    }

    /// <summary>The page does not scroll sideways, and no field reaches past the card it is in.</summary>
    private static async Task NothingWiderThanThePhoneAsync(IPage page)
    {
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
        var overflowing = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('article input:not([type=hidden]), article textarea, article button')]
                .filter(e => e.offsetParent !== null)
                .filter(e => { const card = e.closest('article').getBoundingClientRect(), box = e.getBoundingClientRect(); return box.right > card.right + 0.5 || box.left < card.left - 0.5; })
                .map(e => e.name || e.textContent)
            """);
        overflowing.Should().BeEmpty("every field fits its card");
    }

    private async Task<(Guid Id, string Name)> DriverAsync(string login)
    {
        await using var session = fleet.Store.QuerySession(Pool);
        var user = await session.Query<User>().SingleAsync(u => u.LoginName == login);
        var driver = await session.Query<Driver>().SingleAsync(d => d.UserId == user.Id);
        return (driver.Id, driver.Name);
    }

    private async Task<string> DisplayNameAsync(string login)
    {
        await using var session = fleet.Store.QuerySession(Pool);
        return (await session.Query<User>().SingleAsync(u => u.LoginName == login)).DisplayName;
    }
}
