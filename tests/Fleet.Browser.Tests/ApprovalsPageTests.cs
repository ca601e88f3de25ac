using System.Text.Json;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using FluentAssertions;
using Marten;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The unit head decides from the inbox alone: each request says who asked (name and unit), who goes, from where to
/// where, in what class of car, when, what for, and why the trip policy put it before them, in 简体中文 and in English,
/// as cards on a phone; approving and rejecting (with a reason) are done on the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ApprovalsPageTests(BrowserFleet fleet)
{
    private const string Pool = "420103";

    [Fact]
    public async Task A_request_shows_requester_passengers_route_class_and_the_policys_reasons_in_both_languages()
    {
        fleet.Clock.Reset(new LocalDateTime(2026, 11, 16, 9, 0).InZoneStrictly(BrowserFleet.Zone).ToInstant());
        await using var clerk = await FleetApi.SignInAsync(fleet, "jianghan.clerk");
        var tripId = await RequestOnSaturdayAsync(clerk, "赴省厅汇报全年工作");
        var (requester, unit) = await RequesterAsync("jianghan.clerk");

        var page = await fleet.SignInAsync("jianghan.approver");
        await page.GotoAsync("/approvals");
        var row = await page.Locator($"tr[data-trip='{tripId}']").InnerTextAsync();
        row.Should().Contain(requester).And.Contain(unit)
            .And.Contain("3 人").And.Contain("王芳").And.Contain("陈刚")
            .And.Contain("江汉区政府东门").And.Contain("湖北省人民政府").And.Contain("省发展改革委")
            .And.Contain("中型客车").And.Contain("2026-11-21 08:00").And.Contain("18:00").And.Contain("赴省厅汇报全年工作")
            .And.Contain("非工作日").And.Contain("超出工作时间").And.Contain("时长超过自动批准上限");
        await fleet.ScreenshotAsync(page, "approvals-reasons.zh");
        await page.Context.CloseAsync();

        var english = await fleet.SignInAsync("jianghan.approver", "en-US");
        await english.GotoAsync("/approvals");
        var words = await english.Locator($"tr[data-trip='{tripId}']").InnerTextAsync();
        words.Should().Contain(requester).And.Contain("3 passengers").And.Contain("王芳").And.Contain("江汉区政府东门")
            .And.Contain("Minibus").And.Contain("Not a working day").And.Contain("Outside working hours").And.Contain("Longer than the policy approves by itself")
            .And.Contain("Level 1 of 1");
        words.Should().NotContainAny(["：", "，", "。", "minibus"], "an English page has no full-width punctuation and no lowercase class");
        (await PagesTests.AccessibilityViolationsAsync(english)).Should().BeEmpty();
        await english.Context.CloseAsync();

        // On a phone each request is a card, and nothing is wider than the screen.
        var phone = await fleet.SignInAsync("jianghan.approver", phone: true);
        await phone.GotoAsync("/approvals");
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390);
        (await phone.Locator($"tr[data-trip='{tripId}']").EvaluateAsync<string>("e => getComputedStyle(e).display")).Should().Be("block", "rows become cards");
        (await PagesTests.AccessibilityViolationsAsync(phone)).Should().BeEmpty();
        await fleet.ScreenshotAsync(phone, "approvals-phone.zh");
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task The_unit_head_approves_one_request_and_rejects_another_with_a_reason_through_the_page()
    {
        fleet.Clock.Reset(new LocalDateTime(2026, 11, 16, 9, 0).InZoneStrictly(BrowserFleet.Zone).ToInstant());
        await using var clerk = await FleetApi.SignInAsync(fleet, "jianghan.clerk");
        var approved = await RequestOnSaturdayAsync(clerk, "周末检查防汛物资");
        var rejected = await RequestOnSaturdayAsync(clerk, "周末参观展览");

        var page = await fleet.SignInAsync("jianghan.approver");
        await page.GotoAsync("/approvals");
        await page.Locator($"tr[data-trip='{approved}'] form[action*='Approve'] button").ClickAsync();
        await page.Locator(".notice").WaitForAsync();
        (await page.Locator(".notice").InnerTextAsync()).Should().NotBeEmpty();
        (await page.Locator($"tr[data-trip='{approved}']").CountAsync()).Should().Be(0, "an approved request leaves the inbox");
        (await TripAsync(approved)).Status.Should().Be(TripStatus.Approved);

        // A rejection without a reason is refused in words; with one it is carried out.
        var reject = page.Locator($"tr[data-trip='{rejected}'] form[action*='Reject']");
        await reject.Locator("button").ClickAsync();
        await page.Locator("[role=alert]").WaitForAsync();
        (await TripAsync(rejected)).Status.Should().Be(TripStatus.Requested);
        await page.Locator($"tr[data-trip='{rejected}'] form[action*='Reject'] input[name=reason]").FillAsync("展览与本单位工作无关");
        await page.Locator($"tr[data-trip='{rejected}'] form[action*='Reject'] button").ClickAsync();
        await page.Locator(".notice").WaitForAsync();
        (await page.Locator($"tr[data-trip='{rejected}']").CountAsync()).Should().Be(0);
        (await TripAsync(rejected)).Status.Should().Be(TripStatus.Rejected);
        await page.Context.CloseAsync();
    }

    /// <summary>A long Saturday trip starting before office hours: the policy asks the unit head, for three reasons.</summary>
    private static async Task<Guid> RequestOnSaturdayAsync(FleetApi clerk, string purposeText)
    {
        JsonElement requested = await clerk.PostAsync("/api/trips", new
        {
            purpose = "Meeting", purposeText, passengers = 3, passengerNames = new[] { "王芳", "陈刚" }, pickUp = "江汉区政府东门",
            destinations = new[] { "湖北省人民政府", "省发展改革委" }, start = "2026-11-21T08:00:00+08:00", end = "2026-11-21T18:00:00+08:00",
            wantedClass = "Minibus", urgency = "Normal", withDriver = true, outOfRegion = false,
        });
        return requested.GetProperty("tripId").GetGuid();
    }

    private async Task<(string Name, string Unit)> RequesterAsync(string login)
    {
        await using var session = fleet.Store.QuerySession(Pool);
        var user = await session.Query<User>().SingleAsync(u => u.LoginName == login);
        var unit = await session.Query<Organisation>().SingleAsync(o => o.Code == user.OrganisationCode);
        return (user.DisplayName, unit.Name);
    }

    private async Task<Trip> TripAsync(Guid id)
    {
        await using var session = fleet.Store.QuerySession(Pool);
        return (await session.LoadAsync<Trip>(id))!;
    }
}
