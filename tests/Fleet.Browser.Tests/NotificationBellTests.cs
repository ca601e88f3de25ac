using FluentAssertions;
using Microsoft.Playwright;
using NodaTime;
using Xunit;

namespace Fleet.Browser.Tests;

/// <summary>
/// The bell on every page and the notification centre: a request sent elsewhere rings the approver's bell and appears in
/// the open centre without a reload, on a phone, in both languages; opening it leads to the trip and marks it read; the
/// settings page keeps a person's channels and quiet hours.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NotificationBellTests(BrowserFleet fleet)
{
    [Fact]
    public async Task A_new_request_rings_the_approvers_bell_and_shows_in_the_centre_without_a_reload()
    {
        fleet.Clock.Reset(new LocalDateTime(2026, 11, 3, 9, 30).InZoneStrictly(BrowserFleet.Zone).ToInstant());
        var approver = await fleet.SignInAsync("jianghan.approver", phone: true);
        await approver.GotoAsync("/notifications");
        await approver.Locator("#bell[data-listening=true]").WaitForAsync();
        await approver.EvaluateAsync("() => window.sameDocument = true");
        var before = await approver.Locator("#bell-count").InnerTextAsync();

        // A whole day out needs the unit head: the clerk asks from another browser.
        await using var clerk = await FleetApi.SignInAsync(fleet, "jianghan.clerk");
        var trip = await clerk.RequestAsync("全区河湖长制巡查", "2026-11-05T08:00:00+08:00", "2026-11-05T18:00:00+08:00",
            "硚口区政府", "汉江湾", 3, ["周敏", "吴刚"], "Sedan");

        await Assertions.Expect(approver.Locator("#notifications li", new PageLocatorOptions { HasText = "汉江湾" }).First)
            .ToContainTextAsync("待您审批", new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });
        (await approver.Locator("#bell-count").InnerTextAsync()).Should().NotBe(before, "the bell counts the new one");
        (await approver.Locator("#bell").GetAttributeAsync("aria-label"))!.Should().StartWith("通知，").And.EndWith("条未读");
        (await approver.EvaluateAsync<bool>("() => window.sameDocument === true")).Should().BeTrue("the centre redrew itself; the page was not reloaded");
        (await approver.Locator("#notifications").InnerTextAsync()).Should().Contain("汉江湾").And.Contain("11月5日 08:00");
        await fleet.ScreenshotAsync(approver, "notifications.zh");

        await approver.Locator("#notifications li.unread", new PageLocatorOptions { HasText = "汉江湾" }).Locator("button.notification-open").ClickAsync();
        await approver.WaitForURLAsync($"**/trips/{trip}");
        await approver.GotoAsync("/notifications?unread=true");
        (await approver.Locator("#notifications").InnerTextAsync()).Should().NotContain("汉江湾", "opening it marked it read");

        // The same notice in English for a reader of English pages.
        var english = await fleet.SignInAsync("jianghan.approver", "en-US", phone: true);
        await english.GotoAsync("/notifications");
        (await english.Locator("#notifications").InnerTextAsync()).Should().Contain("Waiting for your approval").And.Contain("5 Nov 08:00");
        await fleet.ScreenshotAsync(english, "notifications.en");
    }

    [Fact]
    public async Task The_settings_page_keeps_channels_and_quiet_hours_and_says_what_is_wrong_in_words()
    {
        var page = await fleet.SignInAsync("jianghan.dispatcher", phone: true);
        await page.GotoAsync("/notifications/settings");
        await page.Locator("input[name=Channels][value=Email]").CheckAsync();
        await page.Locator("input[name=Email]").FillAsync("不是邮箱");
        await page.Locator("input[name=QuietFrom]").FillAsync("21:30");
        await page.Locator("input[name=QuietUntil]").FillAsync("06:30");
        await page.Locator("form.stack button[type=submit]").ClickAsync();
        (await page.Locator("#error-email").InnerTextAsync()).Should().Contain("不是有效的电子邮箱");

        await page.Locator("input[name=Email]").FillAsync("diaodu@jianghan.example.gov.cn");
        await page.Locator("input[name=Wanted][value=TripFinished]").UncheckAsync();
        await page.Locator("form.stack button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/notifications");
        (await page.Locator(".notice").InnerTextAsync()).Should().Contain("通知设置已保存");

        await page.GotoAsync("/notifications/settings");
        (await page.Locator("input[name=Email]").InputValueAsync()).Should().Be("diaodu@jianghan.example.gov.cn");
        (await page.Locator("input[name=QuietFrom]").InputValueAsync()).Should().Be("21:30");
        (await page.Locator("input[name=Wanted][value=TripFinished]").IsCheckedAsync()).Should().BeFalse();
        (await page.Locator("input[name=Wanted][value=TripDeclined]").IsCheckedAsync()).Should().BeTrue();
        await fleet.ScreenshotAsync(page, "notification-settings.zh");
    }

    [Fact]
    public async Task A_channel_that_is_down_shows_in_the_fleet_admins_delivery_log_in_words()
    {
        fleet.Clock.Reset(new LocalDateTime(2026, 11, 3, 10, 0).InZoneStrictly(BrowserFleet.Zone).ToInstant());
        // The unit head asks for text messages on their phone.
        var approver = await fleet.SignInAsync("jianghan.approver", phone: true);
        await approver.GotoAsync("/notifications/settings");
        await approver.Locator("input[name=Channels][value=Sms]").CheckAsync();
        await approver.Locator("input[name=Mobile]").FillAsync("13912345678");
        await approver.Locator("form.stack button[type=submit]").ClickAsync();
        await approver.WaitForURLAsync("**/notifications");
        (await approver.Locator(".notice").InnerTextAsync()).Should().Contain("通知设置已保存");

        await using var clerk = await FleetApi.SignInAsync(fleet, "jianghan.clerk");
        await clerk.RequestAsync("汛后堤防复查", "2026-11-06T08:00:00+08:00", "2026-11-06T18:00:00+08:00", "汉阳区政府", "沌口长江大桥", 2, ["周敏"], "Sedan");

        // The gateway is down: tried, tried again, parked, and the fleet admins see it with the gateway's words.
        var admin = await fleet.SignInAsync("jianghan.fleetadmin", phone: true);
        var parked = admin.Locator("#deliveries tbody tr", new PageLocatorOptions { HasText = "13912345678" });
        for (var tries = 0; tries < 60 && await parked.CountAsync() == 0; tries++)
        {
            await Task.Delay(500);
            await admin.GotoAsync("/admin/deliveries?status=parked");
        }

        var row = await parked.First.InnerTextAsync();
        row.Should().Contain("已搁置").And.Contain("短信").And.Contain("待我审批的申请").And.Contain("503").And.Contain("gateway under maintenance");
        row.Should().NotContain("Sms").And.NotContain("ApprovalWaiting", "the log speaks words, not codes");
        (await parked.First.Locator("td[data-label='尝试次数']").InnerTextAsync()).Trim().Should().Be("2", "a channel down is tried again before it is parked");
        fleet.SmsGateway.RequestsTo("/sms").Should().Contain(r => r.Body.Contains("13912345678"));
        (await PagesTests.AccessibilityViolationsAsync(admin)).Should().BeEmpty();
        await fleet.ScreenshotAsync(admin, "deliveries.zh");

        var english = await fleet.SignInAsync("jianghan.fleetadmin", "en-US", phone: true);
        await english.GotoAsync("/admin/deliveries?status=parked");
        (await english.Locator("#deliveries tbody tr", new PageLocatorOptions { HasText = "13912345678" }).First.InnerTextAsync())
            .Should().Contain("Parked").And.Contain("Text message").And.Contain("Requests waiting for my approval");
    }
}
