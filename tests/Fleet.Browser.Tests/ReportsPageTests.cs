using FluentAssertions;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>A city supervisor opens the reports: the last full month, and every district by its name.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportsPageTests(BrowserFleet fleet)
{
    [Theory]
    [InlineData("zh-CN", "全市合计")]
    [InlineData("en-US", "Whole city")]
    public async Task Reports_open_on_the_last_full_month_with_districts_by_name(string locale, string wholeCity)
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        var page = await fleet.SignInAsync("city.supervisor", locale);
        await page.GotoAsync("/reports");

        (await page.Locator("input[name=period]").InputValueAsync()).Should().Be("2026-10", "on 2 November the last full month is October");
        var districts = await page.Locator("#districts").InnerTextAsync();
        districts.Should().Contain("江岸区").And.Contain(wholeCity);
        districts.Should().NotContain("420102");
        districts.Split('\n').Should().NotContain(row => row.StartsWith("city\t"), "the whole city's row says so in words");
    }
}
