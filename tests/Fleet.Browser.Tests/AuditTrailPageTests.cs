using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// A supervisor reads what a dispatcher did over a few days, picked with the date fields: events, roles and districts
/// in words, each event's details, newest first, and a record's whole history one click away.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditTrailPageTests(BrowserFleet fleet)
{
    [Theory]
    [InlineData("zh-CN", "派车", "调度员", "江岸区")]
    [InlineData("en-US", "Dispatched", "Dispatcher", "江岸区")]
    public async Task The_trail_reads_in_words_newest_first(string locale, string dispatched, string role, string district)
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        var page = await fleet.SignInAsync("jiangan.supervisor", locale);
        await page.GotoAsync("/audit");
        await page.Locator("input[name=login]").FillAsync("jiangan.dispatcher");
        (await page.Locator("input[name=from]").GetAttributeAsync("type")).Should().Be("date");
        await page.Locator("input[name=from]").FillAsync("2026-10-01");
        await page.Locator("input[name=to]").FillAsync("2026-11-02");
        await page.Locator("form.actions button[type=submit]").First.ClickAsync();

        var rows = page.Locator("#audit tbody tr");
        (await rows.CountAsync()).Should().BeGreaterThan(1);
        var text = await page.Locator("#audit").InnerTextAsync();
        text.Should().Contain(dispatched).And.Contain(role).And.Contain(district);
        text.Should().NotContainAny("trip_dispatched", "v@", "420102");

        var times = await page.Locator("#audit tbody tr td:first-child").AllInnerTextsAsync();
        times.Should().BeInDescendingOrder(StringComparer.Ordinal, "the newest events come first");

        await rows.First.Locator("a").ClickAsync();
        await page.WaitForURLAsync("**/audit?record=*");
        (await page.Locator("#audit tbody tr").CountAsync()).Should().BeGreaterThan(0);
        (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(1366);
    }
}
