using System.Globalization;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The city pool's fleet admin changes a track check threshold on a phone, in Chinese, through the page the navigation leads
/// to: a value out of range is refused next to its field, a good one puts the next version in force with the admin's name and
/// the time, and the history says what changed. The page then reads in English with its units. The city pool is used so that
/// the Jiang'an trips other tests check keep the defaults.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ThresholdsPageTests(BrowserFleet fleet)
{
    private const string Admin = "city.fleetadmin";

    [Fact]
    public async Task A_fleet_admin_changes_a_threshold_in_Chinese_and_reads_the_new_version_in_English()
    {
        fleet.Clock.Reset(FleetApp.Start);
        var page = await fleet.SignInAsync(Admin, "zh-CN", phone: true);
        // Reached from the approval policy it sits next to (the navigation links it too, which EveryPageTests walks).
        await page.GotoAsync("/admin/policy");
        await page.Locator("main a[href='/admin/thresholds']").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/admin/thresholds", StringComparison.Ordinal));

        var next = int.Parse(await page.Locator("input[name=Version]").InputValueAsync(), CultureInfo.InvariantCulture);
        var tolerance = page.Locator("input[name='Values[distanceToleranceKm]']");
        var was = await tolerance.InputValueAsync();
        var changed = was == "4.5" ? "6" : "4.5";

        var gap = page.Locator("input[name='Values[signalGap]']");
        await gap.FillAsync("0");
        await page.Locator("form.stack button[type=submit]").ClickAsync();
        var gapField = page.Locator("label", new PageLocatorOptions { Has = page.Locator("input[name='Values[signalGap]']") });
        await Assertions.Expect(gapField.Locator(".field-error")).ToContainTextAsync("该阈值应在");
        (await gap.GetAttributeAsync("aria-invalid")).Should().Be("true");
        (await page.Locator("input[name=Version]").InputValueAsync()).Should().Be(next.ToString(CultureInfo.InvariantCulture), "a refused change puts nothing in force");

        await gap.FillAsync("5");
        await tolerance.FillAsync(changed);
        await page.Locator("form.stack button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("轨迹核查阈值已更新");
        await Assertions.Expect(page.Locator("input[name=Version]")).ToHaveValueAsync((next + 1).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#thresholds td[data-field=distanceToleranceKm]")).ToHaveTextAsync($"{changed} 公里");
        var name = await DisplayNameAsync();
        await Assertions.Expect(page.Locator("#in-force-since")).ToContainTextAsync($"由{name}于 2026-11-02 09:30 启用");
        var newest = page.Locator("#versions tbody tr").First;
        await Assertions.Expect(newest).ToContainTextAsync($"第 {next} 版");
        await Assertions.Expect(newest).ToContainTextAsync($"里程允许偏差由 {was} 公里 改为 {changed} 公里");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
        (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
        await page.Context.CloseAsync();

        var english = await fleet.SignInAsync(Admin, "en-US", phone: true);
        await english.GotoAsync("/admin/thresholds");
        (await english.Locator("h1").InnerTextAsync()).Should().Be("Track check thresholds");
        await Assertions.Expect(english.Locator("main h2").First).ToHaveTextAsync($"Thresholds in force (version {next})");
        await Assertions.Expect(english.Locator("#thresholds td[data-field=distanceToleranceKm]")).ToHaveTextAsync($"{changed} km");
        await Assertions.Expect(english.Locator("#thresholds td[data-field=signalGap]")).ToHaveTextAsync("5 minutes");
        await Assertions.Expect(english.Locator("#thresholds td[data-field=nightStart]")).ToHaveTextAsync("22:00");
        await Assertions.Expect(english.Locator("#versions tbody tr").First).ToContainTextAsync($"Distance tolerance from {was} km to {changed} km");
        (await english.Locator("label", new PageLocatorOptions { Has = english.Locator("input[name='Values[baseRadiusMetres]']") }).InnerTextAsync())
            .Should().Contain("Radius of a base (metres)");
        (await english.Locator("body").InnerTextAsync()).Should().NotContain("公里");
        (await PagesTests.AccessibilityViolationsAsync(english)).Should().BeEmpty();
        await english.Context.CloseAsync();
    }

    private async Task<string> DisplayNameAsync()
    {
        await using var session = fleet.Store.QuerySession(FleetApp.CityPool);
        return (await session.Query<User>().Where(u => u.LoginName == Admin).SingleAsync()).DisplayName;
    }
}
