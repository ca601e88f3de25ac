using Fleet.Domain.People;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// 江岸's October settled from phones, in Chinese: the fleet admin sets the rate card and issues the unit head's unit its
/// statement; the unit head disputes it; the admin moves the rate card on and corrects it by a new version; the unit head
/// confirms that one; and in English the statement reads the same. The demo city leaves the last month over unissued.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SettlementPageTests(BrowserFleet fleet)
{
    private const string Admin = "jiangan.fleetadmin", Head = "jiangan.approver";

    private static async Task FitsAndPassesAxeAsync(IPage page)
    {
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
        (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
    }

    private static async Task SetRatesAsync(IPage page, decimal perKm)
    {
        await page.Locator("nav a[href='/admin/rates']").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("车辆使用费率表");
        decimal[] values = [perKm, 50m, 180m, 300m, 30m, 100m];
        string[] names = ["PerKm", "PerHour", "HalfDay", "Day", "WaitingPerHour", "WithDriverPerDay"];
        var rows = await page.Locator("#rates tbody tr").CountAsync();
        for (var i = 0; i < rows; i++)
        for (var c = 0; c < names.Length; c++)
            await page.Locator($"input[name='Rows[{i}].{names[c]}']").FillAsync(values[c].ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("form.stack button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("费率表已更新");
    }

    [Fact]
    public async Task A_statement_is_issued_disputed_corrected_and_confirmed_and_reads_the_same_in_english()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        string unit;
        await using (var session = fleet.Store.QuerySession("420102"))
            unit = (await session.Query<User>().FirstAsync(u => u.AnyTenant() && u.LoginName == Head)).OrganisationCode;

        var admin = await fleet.SignInAsync(Admin, "zh-CN", phone: true);
        await admin.GotoAsync("/");
        await SetRatesAsync(admin, 2m);
        await FitsAndPassesAxeAsync(admin);

        await admin.Locator("nav a[href='/statements']").First.ClickAsync();
        await admin.Locator("select[name=Unit]").SelectOptionAsync(unit);
        await admin.Locator("input[name=Month]").FillAsync("2026-10");
        await admin.Locator("form.stack button[type=submit]").ClickAsync();
        await Assertions.Expect(admin.Locator(".notice")).ToContainTextAsync("结算单已开具");
        var row = admin.Locator("#statements tbody tr", new PageLocatorOptions { HasText = "2026-10" }).Filter(new LocatorFilterOptions { HasText = "待确认" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await FitsAndPassesAxeAsync(admin);
        await row.Locator("a").ClickAsync();
        var statementUrl = admin.Url;
        await Assertions.Expect(admin.Locator("#current")).ToContainTextAsync("第 1 版（待确认）");
        await FitsAndPassesAxeAsync(admin);

        var head = await fleet.SignInAsync(Head, "zh-CN", phone: true);
        await head.GotoAsync("/");
        await head.Locator("nav a[href='/statements']").First.ClickAsync();
        await head.Locator("#statements a", new PageLocatorOptions { HasText = "2026-10" }).ClickAsync();
        await head.Locator("textarea[name=reason]").FillAsync("10月份有一次行程为自驾，不应收取驾驶员费用");
        await head.Locator("form:has(textarea[name=reason]) button").ClickAsync();
        await Assertions.Expect(head.Locator(".notice")).ToContainTextAsync("异议已提交");
        await Assertions.Expect(head.Locator("#dispute-reason")).ToContainTextAsync("不应收取驾驶员费用");
        await FitsAndPassesAxeAsync(head);

        await SetRatesAsync(admin, 1.8m);
        await admin.GotoAsync(statementUrl);
        await Assertions.Expect(admin.Locator("#current")).ToContainTextAsync("有异议");
        await admin.Locator("textarea[name=reason]").FillAsync("按第二版费率重新开具");
        await admin.Locator("form:has(textarea[name=reason]) button").ClickAsync();
        await Assertions.Expect(admin.Locator(".notice")).ToContainTextAsync("已开具更正后的新版本");
        await Assertions.Expect(admin.Locator("#versions")).ToContainTextAsync("已被更正");

        await head.ReloadAsync();
        await head.Locator("form:has(input[name=version]):not(:has(textarea)) button").ClickAsync();
        await Assertions.Expect(head.Locator(".notice")).ToContainTextAsync("结算单已确认");
        await Assertions.Expect(head.Locator("#current")).ToContainTextAsync("第 2 版（已确认）");
        await fleet.ScreenshotAsync(head, "statement.zh");
        await head.Context.CloseAsync();
        await admin.Context.CloseAsync();

        var english = await fleet.SignInAsync(Head, "en-US", phone: true);
        await english.GotoAsync(new Uri(statementUrl).AbsolutePath);
        await Assertions.Expect(english.Locator("h1")).ToContainTextAsync("Statement of");
        await Assertions.Expect(english.Locator("#current")).ToContainTextAsync("Version 2 (Confirmed)");
        await Assertions.Expect(english.Locator("#versions")).ToContainTextAsync("Corrected");
        await FitsAndPassesAxeAsync(english);
        await english.GotoAsync(new Uri(statementUrl).AbsolutePath + "/print");
        await Assertions.Expect(english.Locator("#statement-title")).ToHaveTextAsync("Statement of charges for official cars");
        (await PagesTests.AccessibilityViolationsAsync(english)).Should().BeEmpty();
        await english.Context.CloseAsync();

        // The district's supervisor reads what October's statements charged, in the reports, per unit and per class.
        var supervisor = await fleet.SignInAsync("jiangan.supervisor", "zh-CN", phone: true);
        await supervisor.GotoAsync("/reports?period=2026-10");
        await Assertions.Expect(supervisor.Locator("#settled-title")).ToHaveTextAsync("结算费用");
        string unitName;
        await using (var session = fleet.Store.QuerySession("420102"))
            unitName = (await session.Query<Fleet.Domain.Organisations.Organisation>().FirstAsync(o => o.Code == unit)).Name;
        await Assertions.Expect(supervisor.Locator("#settled-units tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(supervisor.Locator("#settled-units tbody tr")).ToContainTextAsync(unitName);
        await Assertions.Expect(supervisor.Locator("#settled-classes tbody")).ToContainTextAsync("轿车");
        await FitsAndPassesAxeAsync(supervisor);
        await supervisor.Context.CloseAsync();
        var englishReports = await fleet.SignInAsync("jiangan.supervisor", "en-US");
        await englishReports.GotoAsync("/reports?period=2026-10");
        await Assertions.Expect(englishReports.Locator("#settled-title")).ToHaveTextAsync("Settled charges");
        await Assertions.Expect(englishReports.Locator("#settled-classes tbody")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("[Ss]edan"));
        await englishReports.Context.CloseAsync();
    }
}
