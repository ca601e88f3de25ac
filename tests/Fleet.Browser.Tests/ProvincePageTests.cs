using FluentAssertions;
using Fleet.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The province's supervisor on the province's page (ADR 025): every city side by side for last month, each city's audit
/// chains verified at once, a city whose database does not answer named as unavailable while the others are shown — in both
/// languages, on a phone too; a city's supervisor is told in words that the page is the province's.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProvincePageTests(ProvinceBrowserFleet province)
{
    private async Task<IPage> SignInAsync(string login, string locale = "zh-CN", bool phone = false)
    {
        province.Clock.Reset(FleetApp.Start);
        return await province.SignInAsync(login, locale, phone);
    }

    private static ILocator Row(IPage page, string table, string city) => page.Locator($"#{table} tr[data-city='{city}']");

    [Fact]
    public async Task The_provinces_supervisor_lands_on_every_city_side_by_side_for_last_month()
    {
        var page = await SignInAsync(ProvinceFleet.ProvinceSupervisor);
        await page.WaitForURLAsync("**/province");

        (await page.Locator("h1").InnerTextAsync()).Should().Be("全省概览");
        (await page.Locator("input[name=period]").InputValueAsync()).Should().Be("2026-10", "the last full month is shown first");
        (await page.Locator("#cities tbody tr td:first-child").AllInnerTextsAsync()).Should().Equal("武汉市", "襄阳市", "仙桃市");
        (await Row(page, "cities", ProvinceFleet.Xiangyang).InnerTextAsync()).Should().Contain("120").And.Contain("80");
        (await page.Locator("#province-totals").InnerTextAsync()).Should().Contain("120");
        (await Row(page, "cities", ProvinceFleet.Wuhan).InnerTextAsync()).Should().Contain("尚未核验");
        var nav = await page.Locator("nav").InnerTextAsync();
        nav.Should().Contain("全省概览").And.NotContain("统计分析", "the province has none of a pool's pages");
        (await page.Locator("#chart-province").GetAttributeAsync("data-axes")).Should().Be("2", "trips and kilometres are measured on axes of their own");
        await province.ScreenshotAsync(page, "province-overview");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_citys_chains_are_verified_at_once_in_english_on_a_phone()
    {
        var page = await SignInAsync(ProvinceFleet.ProvinceSupervisor, "en-US", phone: true);
        await page.WaitForURLAsync("**/province");

        await page.GetByRole(AriaRole.Button, new() { Name = "Verify now" }).ClickAsync();

        (await page.Locator("#province-verification").InnerTextAsync()).Should().Be("Every city's chains are intact.");
        (await page.Locator("#verified-cities tbody tr").CountAsync()).Should().Be(3);
        (await Row(page, "verified-cities", ProvinceFleet.Xiantao).InnerTextAsync()).Should().Contain("Intact");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_city_whose_database_does_not_answer_is_named_and_the_others_are_shown()
    {
        var page = await SignInAsync(ProvinceFleet.ProvinceSupervisor);
        await page.WaitForURLAsync("**/province");
        province.WuhanLink.Cut();
        try
        {
            await page.ReloadAsync();
            (await page.Locator("#cities-unavailable").InnerTextAsync()).Should().Contain("武汉市").And.Contain("其他市不受影响");
            (await Row(page, "cities", ProvinceFleet.Wuhan).InnerTextAsync()).Should().Contain("数据库暂时无法访问");
            (await Row(page, "cities", ProvinceFleet.Xiangyang).InnerTextAsync()).Should().Contain("120", "Xiangyang's figures are shown all the same");

            await page.GetByRole(AriaRole.Button, new() { Name = "开始核验" }).ClickAsync();
            (await page.Locator("#province-verification").InnerTextAsync()).Should().Contain("并非所有市");
            (await Row(page, "verified-cities", ProvinceFleet.Wuhan).InnerTextAsync()).Should().Contain("数据库暂时无法访问");
        }
        finally
        {
            province.WuhanLink.Mend();
        }

        await page.ReloadAsync();
        (await page.Locator("#cities-unavailable").CountAsync()).Should().Be(0, "Wuhan is back as soon as its database answers");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_citys_supervisor_is_told_the_page_is_the_provinces()
    {
        var page = await SignInAsync(ProvinceFleet.AdminOf[ProvinceFleet.Xiangyang]);

        var response = await page.GotoAsync("/province");

        response!.Status.Should().Be(403);
        (await page.Locator(".form-error").InnerTextAsync()).Should().Be("只有省级监管人员才能并列查看各市数据。");
        (await page.Locator("nav").InnerTextAsync()).Should().NotContain("全省概览");
        await page.Context.CloseAsync();
    }
}
