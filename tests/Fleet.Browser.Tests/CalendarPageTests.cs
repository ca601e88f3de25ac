using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The city's fleet admin publishes a year's working calendar on a phone, in Chinese, from the page the navigation leads
/// to: a year nobody published says it is unknown, a holiday that ends before it starts is refused next to its row, a good
/// calendar is in force at once with its grid and the admin's name. A district's admin then reads it in English, with no
/// form to change it. The year is one no other test publishes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CalendarPageTests(BrowserFleet fleet)
{
    private const string Admin = "city.fleetadmin";
    private const int Year = 2071;

    [Fact]
    public async Task The_citys_admin_publishes_a_year_in_Chinese_and_a_districts_admin_reads_it_in_English()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var page = await fleet.SignInAsync(Admin, "zh-CN", phone: true);
        // The navigation links it (EveryPageTests walks the links); the current year opens first.
        await page.GotoAsync("/admin/calendar");
        (await page.Locator("nav a[href='/admin/calendar']").CountAsync()).Should().BeGreaterThan(0);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("2026 年工作日历");
        await Assertions.Expect(page.Locator("#holidays")).ToContainTextAsync("国庆节");

        await page.GotoAsync($"/admin/calendar?year={Year}");
        await Assertions.Expect(page.Locator("#calendar-unknown")).ToContainTextAsync($"{Year} 年的工作日历尚未发布");

        // The second row, below a blank one: its refusal is shown beside it, not beside the blank row.
        await page.Locator("input[name='Holidays[1].Name']").FillAsync("国庆节");
        await page.Locator("input[name='Holidays[1].From']").FillAsync($"{Year}-10-07");
        await page.Locator("input[name='Holidays[1].To']").FillAsync($"{Year}-10-01");
        await page.Locator("input[name='MakeUpDays[0]']").FillAsync($"{Year}-10-10");
        await page.Locator("form.stack button[type=submit]").ClickAsync();
        var secondRow = page.Locator("form.stack .row", new PageLocatorOptions { Has = page.Locator("input[name='Holidays[1].Name']") });
        await Assertions.Expect(secondRow.Locator(".field-error")).ToContainTextAsync("国庆节");
        (await page.Locator("form.stack .row", new PageLocatorOptions { Has = page.Locator("input[name='Holidays[0].Name']") })
            .Locator(".field-error:visible").CountAsync()).Should().Be(0);
        await Assertions.Expect(page.Locator("#calendar-unknown")).ToBeVisibleAsync();

        await page.Locator("input[name='Holidays[1].From']").FillAsync($"{Year}-10-01");
        await page.Locator("input[name='Holidays[1].To']").FillAsync($"{Year}-10-07");
        await page.Locator("form.stack button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("工作日历已发布");
        await Assertions.Expect(page.Locator("main h2").First).ToHaveTextAsync("现行第 1 版");
        await Assertions.Expect(page.Locator("#holidays tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#holidays tbody tr")).ToContainTextAsync("7 天");
        await Assertions.Expect(page.Locator("#make-up-days")).ToContainTextAsync($"{Year}-10-10");
        await Assertions.Expect(page.Locator($"li[title^='{Year}-10-03']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("day-publicholiday"));
        await Assertions.Expect(page.Locator($"li[title^='{Year}-10-10']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("day-makeupworkingday"));
        await Assertions.Expect(page.Locator("#versions tbody tr").First).ToContainTextAsync(await DisplayNameAsync());
        await Assertions.Expect(page.Locator("input[name=Version]")).ToHaveValueAsync("2");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
        (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
        await page.Context.CloseAsync();

        var english = await fleet.SignInAsync("jiangan.fleetadmin", "en-US", phone: true);
        await english.GotoAsync($"/admin/calendar?year={Year}");
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync($"Working calendar {Year}");
        await Assertions.Expect(english.Locator("main h2").First).ToHaveTextAsync("Version 1 in force");
        await Assertions.Expect(english.Locator("#holidays tbody tr")).ToContainTextAsync("7 days");
        await Assertions.Expect(english.Locator("#make-up-days")).ToContainTextAsync($"Make-up working days: {Year}-10-10");
        (await english.Locator("form.stack").CountAsync()).Should().Be(0, "a district reads the city's calendar and cannot change it");
        await Assertions.Expect(english.Locator("main")).ToContainTextAsync("The city's fleet administrators publish the working calendar");
        (await english.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390);
        (await PagesTests.AccessibilityViolationsAsync(english)).Should().BeEmpty();
        await english.Context.CloseAsync();
    }

    /// <summary>
    /// From November, when the State Council publishes the next year's holidays, a fleet admin's home page says which
    /// year still has no calendar and links to it; the test world publishes up to 2037.
    /// </summary>
    [Fact]
    public async Task A_fleet_admins_home_page_warns_of_next_year_without_a_calendar()
    {
        fleet.Clock.Reset(Instant.FromUtc(TestCalendars.FirstUnknownYear - 1, 11, 2, 1, 30));
        try
        {
            var page = await fleet.SignInAsync("jiangan.fleetadmin", "zh-CN", phone: true);
            await page.GotoAsync("/");
            var warning = page.Locator(".calendar-missing");
            await Assertions.Expect(warning).ToHaveCountAsync(1);
            await Assertions.Expect(warning).ToContainTextAsync($"{TestCalendars.FirstUnknownYear} 年的工作日历尚未发布");
            await warning.Locator("a").ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith($"/admin/calendar?year={TestCalendars.FirstUnknownYear}", StringComparison.Ordinal));
            await Assertions.Expect(page.Locator("#calendar-unknown")).ToBeVisibleAsync();
            await page.Context.CloseAsync();

            var english = await fleet.SignInAsync("city.fleetadmin", "en-US", phone: true);
            await english.GotoAsync("/");
            await Assertions.Expect(english.Locator(".calendar-missing")).ToContainTextAsync($"No working calendar has been published for {TestCalendars.FirstUnknownYear}");
            (await PagesTests.AccessibilityViolationsAsync(english)).Should().BeEmpty();
            await english.Context.CloseAsync();

            var clerk = await fleet.SignInAsync("jiangan.clerk", "zh-CN", phone: true);
            await clerk.GotoAsync("/");
            (await clerk.Locator(".calendar-missing").CountAsync()).Should().Be(0, "the calendar is the fleet admins' to keep");
            await clerk.Context.CloseAsync();
        }
        finally
        {
            fleet.Clock.Reset(FleetApp.Start);
        }
    }

    private async Task<string> DisplayNameAsync()
    {
        await using var session = fleet.Store.QuerySession(FleetApp.CityPool);
        return (await session.Query<User>().Where(u => u.LoginName == Admin).SingleAsync()).DisplayName;
    }
}
