using System.Globalization;
using System.Text.Json;
using Fleet.Domain.Trips;
using Fleet.Samples.DemoCity;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using NodaTime;
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

    /// <summary>
    /// With the district office's step in Jiangan's policy, a trip out of the city is signed by the unit head, then by an
    /// approver of the district office from their inbox on a phone, in Chinese; the default chain is put back afterwards.
    /// </summary>
    [Fact]
    public async Task A_trip_out_of_the_city_passes_through_the_district_office_which_approves_it_from_its_inbox()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        await using var admin = await FleetApi.SignInAsync(fleet, Admin);
        var office = await OfficeApproverAsync(admin);
        var policy = await admin.GetAsync("/api/approval-policy");
        await ChangeChainAsync(admin, policy, policy.GetProperty("version").GetInt32() + 1,
        [
            new { office = "Unit", when = new[] { ApprovalConditions.AnyReason } },
            new { office = "PoolOffice", when = new[] { PolicyReasons.OutOfRegion } },
        ]);
        try
        {
            await using var clerk = await FleetApi.SignInAsync(fleet, "jiangan.clerk");
            var trip = (await clerk.PostAsync("/api/trips", new
            {
                purpose = "Meeting", purposeText = "赴孝感市参加区域协作会议", passengers = 2, passengerNames = new[] { "张敏", "刘洋" },
                pickUp = "江岸区政府", destinations = new[] { "孝感市政务服务中心" }, start = "2026-11-24T09:00:00+08:00", end = "2026-11-24T12:00:00+08:00",
                wantedClass = "Sedan", urgency = "Normal", withDriver = true, outOfRegion = true,
            })).GetProperty("tripId").GetGuid();
            await using (var head = await FleetApi.SignInAsync(fleet, "jiangan.approver"))
                await head.PostAsync($"/api/trips/{trip}/approve", new { });

            var page = await fleet.SignInAsync(office, "zh-CN", phone: true);
            await page.GotoAsync("/approvals");
            var row = page.Locator($"tr[data-trip='{trip}']");
            await Assertions.Expect(row).ToContainTextAsync("赴孝感市参加区域协作会议");
            await Assertions.Expect(row).ToContainTextAsync("出市");
            (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390);
            (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
            await fleet.ScreenshotAsync(page, "approvals-office.zh");

            await row.Locator("form[action*='Approve'] button").ClickAsync();
            await page.Locator(".notice").WaitForAsync();
            (await page.Locator($"tr[data-trip='{trip}']").CountAsync()).Should().Be(0, "an approved request leaves the inbox");
            await using var session = fleet.Store.QuerySession("420102");
            var approved = (await session.LoadAsync<Trip>(trip))!;
            approved.Status.Should().Be(TripStatus.Approved);
            approved.Chain.Should().Equal(ApprovalOffice.Unit, ApprovalOffice.PoolOffice);

            // The trip page tells the chain and who signed each step.
            await page.GotoAsync($"/trips/{trip}");
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("按用车制度需逐级审批：本单位 → 车队所属机关事务管理局");
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("第 2 级审批通过");
            await page.Context.CloseAsync();
        }
        finally
        {
            var now = await admin.GetAsync("/api/approval-policy");
            await ChangeChainAsync(admin, now, now.GetProperty("version").GetInt32() + 1,
                [.. ApprovalChain.Default.Select(s => new { office = s.Office.ToString(), when = s.When.ToArray() })]);
        }
    }

    /// <summary>
    /// Jiangan's policy sends trips out of the city up to the city office: after the unit head, an approver of the city's
    /// own organisation finds the district's request in their inbox on a phone, reads the trip's page (in the district's
    /// pool, not theirs) in Chinese and in English, and approves it; the default chain is put back afterwards.
    /// </summary>
    [Fact]
    public async Task A_districts_trip_out_of_the_city_goes_up_to_the_city_office_which_reads_and_approves_it_from_its_own_inbox()
    {
        fleet.Clock.Reset(Fleet.Testing.FleetApp.Start);
        await using var admin = await FleetApi.SignInAsync(fleet, Admin);
        await using var cityAdmin = await FleetApi.SignInAsync(fleet, "city.fleetadmin");
        var cityOffice = await OfficeApproverAsync(cityAdmin, "city.office.approver", "市机关事务局 王审批", "420100");
        var policy = await admin.GetAsync("/api/approval-policy");
        await ChangeChainAsync(admin, policy, policy.GetProperty("version").GetInt32() + 1,
        [
            new { office = "Unit", when = new[] { ApprovalConditions.AnyReason } },
            new { office = "CityOffice", when = new[] { PolicyReasons.OutOfRegion } },
        ]);
        try
        {
            await using var clerk = await FleetApi.SignInAsync(fleet, "jiangan.clerk");
            var trip = (await clerk.PostAsync("/api/trips", new
            {
                purpose = "Meeting", purposeText = "赴省会参加全省机关事务工作会议", passengers = 1, passengerNames = new[] { "张敏" },
                pickUp = "江岸区政府", destinations = new[] { "省机关事务管理局" }, start = "2026-11-25T08:00:00+08:00", end = "2026-11-25T17:00:00+08:00",
                wantedClass = "Sedan", urgency = "Normal", withDriver = true, outOfRegion = true,
            })).GetProperty("tripId").GetGuid();

            var page = await fleet.SignInAsync(cityOffice, "zh-CN", phone: true);
            await page.GotoAsync("/approvals");
            (await page.Locator($"tr[data-trip='{trip}']").CountAsync()).Should().Be(0, "the unit head signs first");
            await page.Context.CloseAsync();
            await using (var head = await FleetApi.SignInAsync(fleet, "jiangan.approver"))
                await head.PostAsync($"/api/trips/{trip}/approve", new { });

            page = await fleet.SignInAsync(cityOffice, "zh-CN", phone: true);
            await page.GotoAsync("/approvals");
            var row = page.Locator($"tr[data-trip='{trip}']");
            await Assertions.Expect(row).ToContainTextAsync("赴省会参加全省机关事务工作会议");
            await Assertions.Expect(row.Locator(".requester")).Not.ToHaveTextAsync("");
            await Assertions.Expect(row).ToContainTextAsync("出市");
            (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390);
            (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();

            // The trip lives in the district's pool; its page still opens for the office whose step it waits at.
            await row.Locator("a[href^='/trips/']").ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("按用车制度需逐级审批：本单位 → 市机关事务管理局");
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("赴省会参加全省机关事务工作会议");
            (await PagesTests.AccessibilityViolationsAsync(page)).Should().BeEmpty();
            await page.GotoAsync("/approvals");
            await page.Locator($"tr[data-trip='{trip}'] form[action*='Approve'] button").ClickAsync();
            await page.Locator(".notice").WaitForAsync();
            (await page.Locator($"tr[data-trip='{trip}']").CountAsync()).Should().Be(0, "an approved request leaves the inbox");
            await page.Context.CloseAsync();

            await using (var session = fleet.Store.QuerySession("420102"))
            {
                var approved = (await session.LoadAsync<Trip>(trip))!;
                approved.Status.Should().Be(TripStatus.Approved);
                approved.Chain.Should().Equal(ApprovalOffice.Unit, ApprovalOffice.CityOffice);
            }

            var english = await fleet.SignInAsync(cityOffice, "en-US", phone: true);
            await english.GotoAsync($"/trips/{trip}");
            await Assertions.Expect(english.Locator("main")).ToContainTextAsync("step by step: The unit → The city's office");
            await Assertions.Expect(english.Locator("main")).ToContainTextAsync("Approved at level 2 by 市机关事务局 王审批");
            await english.Context.CloseAsync();
        }
        finally
        {
            var now = await admin.GetAsync("/api/approval-policy");
            await ChangeChainAsync(admin, now, now.GetProperty("version").GetInt32() + 1,
                [.. ApprovalChain.Default.Select(s => new { office = s.Office.ToString(), when = s.When.ToArray() })]);
        }
    }

    /// <summary>An approver of the district's own organisation, registered by the pool's admin (once for the whole run).</summary>
    private static Task<string> OfficeApproverAsync(FleetApi admin) => OfficeApproverAsync(admin, "jiangan.office.approver", "区机关事务局 刘审批", "420102");

    private static async Task<string> OfficeApproverAsync(FleetApi admin, string login, string name, string organisation)
    {
        var existing = await admin.GetAsync($"/api/users?q={login}");
        if (existing.GetProperty("items").GetArrayLength() == 0)
            await admin.PostAsync("/api/users", new
            {
                loginName = login, displayName = name, organisationCode = organisation, roles = new[] { "Approver" }, password = DemoCityGenerator.Password,
            });
        return login;
    }

    private static Task<JsonElement> ChangeChainAsync(FleetApi admin, JsonElement current, int version, object[] steps) =>
        admin.PostAsync("/api/approval-policy", new
        {
            version,
            workdayStart = current.GetProperty("workdayStart").GetString(),
            workdayEnd = current.GetProperty("workdayEnd").GetString(),
            workdays = current.GetProperty("workdays"),
            maxAutoApprovedLength = current.GetProperty("maxAutoApprovedLength").GetString(),
            twoLevelClasses = current.GetProperty("twoLevelClasses"),
            steps,
        });
}
