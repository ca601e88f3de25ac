using System.Globalization;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// A district's fleet admin, on a phone in Chinese, sends trips out of the city through the district office: a step
/// without a condition is refused beside it, the steps closed up as the chain numbers them; the chain then in force is
/// read in words, and in English; the default chain is put back for the other tests.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ApprovalChainPageTests(BrowserFleet fleet)
{
    private const string Admin = "jiangan.fleetadmin";

    [Fact]
    public async Task An_admin_adds_the_district_offices_step_for_trips_out_of_the_city_and_takes_it_away_again()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        var page = await fleet.SignInAsync(Admin, "zh-CN", phone: true);
        await page.GotoAsync("/admin/policy");
        var next = int.Parse(await page.Locator("input[name=Version]").InputValueAsync(), CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("#policy ol.steps li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#policy ol.steps li").First).ToHaveTextAsync("本单位审批：任一需审批的事由");

        // The fourth row is filled below an empty third one, with an office and no condition: it comes back as step 3.
        await page.Locator("select[name='Steps[3].Office']").SelectOptionAsync("PoolOffice");
        await page.Locator("form.stack button[type=submit]").ClickAsync();
        var third = page.Locator("fieldset.step", new PageLocatorOptions { Has = page.Locator("select[name='Steps[2].Office']") });
        await Assertions.Expect(third.Locator(".field-error")).ToContainTextAsync("第 3 步没有任何条件");
        await Assertions.Expect(page.Locator("select[name='Steps[2].Office']")).ToHaveValueAsync("PoolOffice");
        await Assertions.Expect(page.Locator("select[name='Steps[3].Office']")).ToHaveValueAsync("");
        (await page.Locator("fieldset.step", new PageLocatorOptions { Has = page.Locator("select[name='Steps[1].Office']") })
            .Locator(".field-error:visible").CountAsync()).Should().Be(0);
        await Assertions.Expect(page.Locator("input[name=Version]")).ToHaveValueAsync(next.ToString(CultureInfo.InvariantCulture));

        await third.Locator("input[value='policy.out_of_region']").CheckAsync();
        await third.Locator("input[name='Steps[2].PassengersOver']").FillAsync("20");
        await page.Locator("form.stack button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("审批规则已更新");
        await Assertions.Expect(page.Locator("main h2").First).ToContainTextAsync($"第 {next} 版");
        await Assertions.Expect(page.Locator("#policy ol.steps li")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#policy ol.steps li").Nth(2)).ToContainTextAsync("车队所属机关事务管理局审批");
        await Assertions.Expect(page.Locator("#policy ol.steps li").Nth(2)).ToContainTextAsync("乘车人数超过 20 人");
        // The form shows the chain in force, the new step now third.
        await Assertions.Expect(page.Locator("select[name='Steps[2].Office']")).ToHaveValueAsync("PoolOffice");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the page fits a phone");
        (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
        await page.Context.CloseAsync();

        var english = await fleet.SignInAsync(Admin, "en-US", phone: true);
        await english.GotoAsync("/admin/policy");
        await Assertions.Expect(english.Locator("#policy ol.steps li").Nth(2)).ToContainTextAsync("The pool's office approves");
        await Assertions.Expect(english.Locator("#policy ol.steps li").Nth(2)).ToContainTextAsync("more than 20 passengers");

        // Back to the chain every pool starts with, for the tests that request trips after this one.
        await english.Locator("select[name='Steps[2].Office']").SelectOptionAsync("");
        await english.Locator("form.stack button[type=submit]").ClickAsync();
        await Assertions.Expect(english.Locator("#policy ol.steps li")).ToHaveCountAsync(2);
        await english.Context.CloseAsync();
    }
}
