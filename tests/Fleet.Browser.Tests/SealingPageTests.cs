using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// A district's fleet admin seals the cars over a holiday from a phone, in Chinese: a last day before the first is refused
/// beside it, a good sealing is listed with a way to lift it, and lifting it moves it among the past ones; in English the
/// page reads the same. The days are ones no other test seals.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SealingPageTests(BrowserFleet fleet)
{
    private const string Admin = "jianghan.fleetadmin";

    [Fact]
    public async Task An_admin_seals_the_cars_over_a_holiday_and_lifts_the_sealing_again()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        var page = await fleet.SignInAsync(Admin, "zh-CN", phone: true);
        await page.GotoAsync("/");
        await page.Locator("nav a[href='/admin/sealing']").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("节假日车辆封存");

        await page.Locator("input[name=From]").FillAsync("2027-01-03");
        await page.Locator("input[name=To]").FillAsync("2027-01-01");
        await page.Locator("input[name=Reason]").FillAsync("元旦假期车辆封存");
        await page.Locator("form.stack button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("label:has(input[name=To]) .field-error")).ToContainTextAsync("早于开始日");

        await page.Locator("input[name=From]").FillAsync("2027-01-01");
        await page.Locator("input[name=To]").FillAsync("2027-01-03");
        await page.Locator("form.stack button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("车辆已封存");
        var row = page.Locator("#sealings tbody tr", new PageLocatorOptions { HasText = "元旦假期车辆封存" });
        await Assertions.Expect(row).ToContainTextAsync("2027-01-01 – 2027-01-03");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
        (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
        await fleet.ScreenshotAsync(page, "admin-sealing.zh");

        await row.Locator("input[name=liftReason]").FillAsync("安排元旦应急值守车辆");
        await row.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("封存已解除");
        await Assertions.Expect(page.Locator("#past-sealings")).ToContainTextAsync("开始前撤销：安排元旦应急值守车辆");
        (await page.Locator("#sealings tbody tr", new PageLocatorOptions { HasText = "元旦假期车辆封存" }).CountAsync()).Should().Be(0);
        await page.Context.CloseAsync();

        var english = await fleet.SignInAsync(Admin, "en-US", phone: true);
        await english.GotoAsync("/admin/sealing");
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("Holiday sealing of the cars");
        await Assertions.Expect(english.Locator("#past-sealings")).ToContainTextAsync("Withdrawn before it started");
        (await PagesTests.AccessibilityViolationsAsync(english)).Should().BeEmpty();
        await english.Context.CloseAsync();
    }
}
