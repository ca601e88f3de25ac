using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Server.Notifications;
using Fleet.Server.Notifications.Timers;
using Fleet.Testing;
using FluentAssertions;
using NodaTime;
using Wolverine.Tracking;
using Xunit;

namespace Fleet.Server.Tests.Notifications;

/// <summary>
/// The trips' events tell the people concerned, in 江岸's pool, through the notification centre: the approver of a request
/// waiting, the clerk of the decision and the car, the driver of the assignment, the dispatch centre of a driver who
/// cannot go; in Chinese and in English; marked read by their reader alone. The clock stands in 2029 so that the
/// approval wait's timer stays scheduled until the test fires it.
/// </summary>
public class NotificationCentreTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;
    private static readonly Instant Monday = Instant.FromUtc(2029, 3, 5, 1, 30);

    /// <summary>The reader's notifications once the subscription has reached them: it runs on its own, shortly after the command.</summary>
    private async Task<List<JsonElement>> NotificationsOf(Role role, Func<JsonElement, bool> until, string language = "zh-CN", string pool = Pool)
    {
        for (var tries = 0; ; tries++)
        {
            var result = await app.ScenarioAs(pool, role, s =>
            {
                s.Get.Url("/api/my/notifications?pageSize=200");
                s.WithRequestHeader("Accept-Language", language);
            });
            var items = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("notifications").GetProperty("items").EnumerateArray().ToList();
            if (items.Any(until) || tries > 150) return items;
            await Task.Delay(200);
        }
    }

    private static Func<JsonElement, bool> About(Guid trip, string kind) =>
        n => n.GetProperty("link").GetString() == $"/trips/{trip}" && n.GetProperty("kind").GetString() == kind;

    [Fact]
    public async Task A_request_tells_its_approver_then_the_clerk_and_the_driver_and_a_decline_tells_the_dispatch_centre()
    {
        app.Clock.Reset(Monday);
        var vehicle = await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('N'), papersFrom: "2029-01-01", papersUntil: "2029-12-31");
        var driver = await app.AccountDriverAsync(Pool);
        // A whole day's trip needs the unit head under the default policy.
        var trip = await app.RequestTripAsync(Pool, new TripBuilder().For("防汛物资检查").To("武汉港", "天兴洲").On(new LocalDate(2029, 3, 6), 8, 18));

        var approver = await NotificationsOf(Role.Approver, About(trip.Id, "approvalWaiting"));
        var waiting = approver.Single(About(trip.Id, "approvalWaiting"));
        waiting.GetProperty("title").GetString().Should().Contain("待您审批");
        waiting.GetProperty("text").GetString().Should().Contain("武汉港、天兴洲").And.Contain("3月6日 08:00");
        waiting.GetProperty("read").GetBoolean().Should().BeFalse();
        (await NotificationsOf(Role.Clerk, _ => false)).Any(About(trip.Id, "approvalWaiting")).Should().BeFalse("the clerk asked; the head decides");

        await app.PostAs(Pool, Role.Approver, $"/api/trips/{trip.Id}/approve", new { });
        var approved = (await NotificationsOf(Role.Clerk, About(trip.Id, "requestApproved"))).Single(About(trip.Id, "requestApproved"));
        approved.GetProperty("title").GetString().Should().Be("用车申请已批准");

        await trip.DispatchAsync(vehicle, driver);
        var clerkDispatched = (await NotificationsOf(Role.Clerk, About(trip.Id, "tripDispatched"))).Single(About(trip.Id, "tripDispatched"));
        var driverDispatched = (await NotificationsOf(Role.Driver, About(trip.Id, "tripDispatched"))).Single(About(trip.Id, "tripDispatched"));
        foreach (var told in new[] { clerkDispatched, driverDispatched })
            told.GetProperty("text").GetString().Should().Contain("派车单420102-2029-");
        var english = (await NotificationsOf(Role.Driver, About(trip.Id, "tripDispatched"), "en")).Single(About(trip.Id, "tripDispatched"));
        english.GetProperty("title").GetString().Should().StartWith("Vehicle assigned: ");
        english.GetProperty("text").GetString().Should().Contain("Dispatch order 420102-2029-").And.Contain("6 Mar 08:00").And.Contain("武汉港, 天兴洲");

        await app.PostAs(Pool, Role.Driver, $"/api/trips/{trip.Id}/decline", new { reason = "车辆故障灯亮" });
        var declined = (await NotificationsOf(Role.Dispatcher, About(trip.Id, "tripDeclined"))).Single(About(trip.Id, "tripDeclined"));
        declined.GetProperty("text").GetString().Should().Contain("车辆故障灯亮");
        (await NotificationsOf(Role.Driver, _ => false)).Any(About(trip.Id, "tripDeclined")).Should().BeFalse("the driver declined it themself");

        // Another district hears nothing of it.
        (await NotificationsOf(Role.Dispatcher, _ => false, pool: FleetApp.Jianghan)).Should().NotContain(n => n.GetProperty("link").GetString() == $"/trips/{trip.Id}");
    }

    [Fact]
    public async Task A_request_that_waits_too_long_is_put_to_the_deputies_once_and_not_after_a_decision()
    {
        app.Clock.Reset(Monday);
        var trip = await app.RequestTripAsync(Pool, new TripBuilder().For("专项督查").On(new LocalDate(2029, 3, 7), 8, 18));
        await NotificationsOf(Role.Approver, About(trip.Id, "approvalWaiting"));

        var check = await ScheduledCheckAsync(trip.Id);
        await app.Host.InvokeMessageAndWaitAsync(check);
        await app.Host.InvokeMessageAndWaitAsync(check);
        var reminders = (await NotificationsOf(Role.Approver, About(trip.Id, "approvalStillWaiting"))).Where(About(trip.Id, "approvalStillWaiting")).ToList();
        reminders.Should().ContainSingle("a unit with one head reminds that head, once however often the timer fires");

        var decided = await app.RequestTripAsync(Pool, new TripBuilder().For("专项督查").On(new LocalDate(2029, 3, 8), 8, 18));
        var decidedCheck = await ScheduledCheckAsync(decided.Id);
        await app.PostAs(Pool, Role.Approver, $"/api/trips/{decided.Id}/reject", new { reason = "改为视频会议" });
        await app.Host.InvokeMessageAndWaitAsync(decidedCheck);
        (await NotificationsOf(Role.Clerk, About(decided.Id, "requestRejected"))).Any(About(decided.Id, "requestRejected")).Should().BeTrue();
        (await NotificationsOf(Role.Approver, _ => false)).Any(About(decided.Id, "approvalStillWaiting")).Should().BeFalse();
    }

    [Fact]
    public async Task Papers_running_out_are_told_to_the_fleet_admins_at_30_7_and_1_days_each_once()
    {
        app.Clock.Reset(Monday);
        var day = new LocalDate(2029, 3, 5);
        var plate = TestPlates.Next('P');
        var car = await app.RoadworthyVehicleAsync(Pool, plate, papersFrom: "2028-03-12", papersUntil: "2029-03-12");
        var driver = await app.DriverAsync(Pool, "钱学平", licenceExpiresOn: "2029-03-06");

        await app.Host.InvokeMessageAndWaitAsync(new SendDailyNotices(day));
        await app.Host.InvokeMessageAndWaitAsync(new SendDailyNotices(day));

        var told = (await NotificationsOf(Role.FleetAdmin, n => n.GetProperty("link").GetString() == $"/admin/drivers/{driver}"))
            .Where(n => n.GetProperty("kind").GetString() == "papersExpiring").ToList();
        var insurance = told.Where(n => n.GetProperty("link").GetString() == $"/admin/vehicles/{car}" && n.GetProperty("title").GetString()!.StartsWith("保险")).ToList();
        insurance.Should().ContainSingle("a week before, once however often the day's notices are sent")
            .Which.GetProperty("text").GetString().Should().Contain(plate).And.Contain("2029年3月12日");
        var licence = told.Where(n => n.GetProperty("link").GetString() == $"/admin/drivers/{driver}").Should().ContainSingle().Subject;
        licence.GetProperty("urgent").GetBoolean().Should().BeTrue("a licence running out tomorrow stops the driver being dispatched");
        licence.GetProperty("text").GetString().Should().Contain("钱学平").And.Contain("驾驶证");

        // The next step a day later is a new notice; the same step again is not.
        await app.Host.InvokeMessageAndWaitAsync(new SendDailyNotices(day.PlusDays(1)));
        (await NotificationsOf(Role.FleetAdmin, _ => false)).Count(n => n.GetProperty("link").GetString() == $"/admin/vehicles/{car}"
            && n.GetProperty("title").GetString()!.StartsWith("保险")).Should().Be(1);
        (await NotificationsOf(Role.Dispatcher, _ => false)).Should().NotContain(n => n.GetProperty("kind").GetString() == "papersExpiring");
    }

    [Fact]
    public async Task Only_the_reader_marks_their_notifications_read()
    {
        app.Clock.Reset(Monday);
        var trip = await app.RequestTripAsync(Pool, new TripBuilder().For("调研").On(new LocalDate(2029, 3, 9), 8, 18));
        var mine = (await NotificationsOf(Role.Approver, About(trip.Id, "approvalWaiting"))).Single(About(trip.Id, "approvalWaiting"));
        var id = mine.GetProperty("id").GetGuid();

        // Somebody else's mark changes nothing of it.
        await app.PostAs(Pool, Role.Clerk, "/api/my/notifications/read", new { ids = new[] { id } });
        (await NotificationsOf(Role.Approver, _ => false)).Single(n => n.GetProperty("id").GetGuid() == id).GetProperty("read").GetBoolean().Should().BeFalse();

        var problem = await app.PostAs(Pool, Role.Approver, "/api/my/notifications/read", new { }, HttpStatusCode.BadRequest);
        problem.Code().Should().Be("notifications.nothing_to_mark");

        await app.PostAs(Pool, Role.Approver, "/api/my/notifications/read", new { ids = new[] { id } });
        (await NotificationsOf(Role.Approver, _ => false)).Single(n => n.GetProperty("id").GetGuid() == id).GetProperty("read").GetBoolean().Should().BeTrue();
        await app.PostAs(Pool, Role.Approver, "/api/my/notifications/read", new { all = true });
        (await app.GetAs(Pool, Role.Approver, "/api/my/notifications")).GetProperty("unread").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Preferences_are_checked_and_kept_per_person()
    {
        (await app.GetAs(Pool, Role.Dispatcher, "/api/my/notification-preferences")).GetProperty("quietFrom").GetString().Should().Be("22:00:00");

        var refused = await app.ScenarioAs(Pool, Role.Dispatcher, s =>
        {
            s.Post.Json(new { email = "not-an-address", channels = new[] { "Email", "Pigeon" }, quietFrom = "22:00" }).ToUrl("/api/my/notification-preferences");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });
        var codes = (await refused.ReadAsJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList();
        codes.Should().Contain(["notifications.email_invalid", "notifications.channel_unknown", "notifications.quiet_hours_half"]);

        await app.ScenarioAs(Pool, Role.Dispatcher, s =>
        {
            s.Post.Json(new { email = "diaodu@example.gov.cn", mobile = "138 0013 8000", channels = new[] { "Email", "Sms" }, muted = new[] { "TripFinished" },
                quietFrom = "21:30", quietUntil = "06:30", language = "en" }).ToUrl("/api/my/notification-preferences");
            s.StatusCodeShouldBeOk();
        });
        var kept = await app.GetAs(Pool, Role.Dispatcher, "/api/my/notification-preferences");
        kept.GetProperty("mobile").GetString().Should().Be("13800138000");
        kept.GetProperty("muted").EnumerateArray().Select(m => m.GetString()).Should().Equal("tripFinished");
        kept.GetProperty("language").GetString().Should().Be("en");
        (await app.GetAs(Pool, Role.Clerk, "/api/my/notification-preferences")).GetProperty("email").ValueKind.Should().Be(JsonValueKind.Null);
    }

    /// <summary>The approval wait the feed scheduled for the trip, as the timer will deliver it.</summary>
    private async Task<CheckApprovalWaiting> ScheduledCheckAsync(Guid trip)
    {
        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        var asking = (await session.Events.FetchStreamAsync(trip)).Last(e => e.Data is Fleet.Domain.Trips.TripApprovalRequired);
        for (var tries = 0; tries < 150; tries++)
        {
            if (await app.ScalarSqlAsync<long>("select count(*) from wolverine_incoming_envelopes where status = 'Scheduled' and message_type ilike '%checkapprovalwaiting'") > 0)
                return new CheckApprovalWaiting(trip, FleetApp.JianganPool, asking.Version, asking.Id);
            await Task.Delay(200);
        }

        throw new InvalidOperationException($"No approval wait was scheduled for trip {trip}.");
    }
}
