using System.Net;
using System.Text.Json;
using Alba;
using Marten;
using Marten.Events;
using Fleet.Domain.People;
using Fleet.Domain.Notifications;
using Fleet.Server.Notifications;
using Fleet.Server.Notifications.Channels;
using Microsoft.Extensions.DependencyInjection;
using Fleet.Testing;
using FluentAssertions;
using NodaTime;
using Npgsql;
using Wolverine.Tracking;
using Xunit;

namespace Fleet.Server.Tests.Notifications;

/// <summary>
/// A server with every channel on, pointed at real receivers on loopback: Debian's aiosmtpd for e-mail and a Kestrel
/// receiver standing in for the 企业微信 and 钉钉 robots and the SMS gateway. Retries pause a fifth of a second.
/// </summary>
public sealed class NotificationDeliveryApp : FleetApp
{
    public TestSmtpServer Smtp { get; private set; } = null!;
    public TestHttpReceiver Http { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Notifications:Email:Host"] = Smtp.Host,
        ["Fleet:Notifications:Email:Port"] = Smtp.Port.ToString(),
        ["Fleet:Notifications:Email:Security"] = "None",
        ["Fleet:Notifications:Email:FromAddress"] = "fleet@jiangan-motorpool.example.gov.cn",
        ["Fleet:Notifications:Sms:Url"] = Http.Url("/sms").AbsoluteUri,
        ["Fleet:Notifications:WeCom:Robots:420102"] = Http.Url("/wecom").AbsoluteUri,
        ["Fleet:Notifications:DingTalk:Robots:ja0001:Url"] = Http.Url("/dingtalk").AbsoluteUri,
        ["Fleet:Notifications:RetryAfter:0"] = "00:00:00.2",
        ["Fleet:Notifications:RetryAfter:1"] = "00:00:00.2",
        ["Fleet:Notifications:RetryAfter:2"] = "00:00:00.2",
        ["Fleet:PublicAddress"] = "https://fleet.jiangan.example.gov.cn/",
    };

    public override async Task InitializeAsync()
    {
        Smtp = await TestSmtpServer.StartAsync();
        Http = await TestHttpReceiver.StartAsync();
        Http.Answer("/sms", Reply.Ok("{\"id\":\"gw-1\"}"));
        Http.Answer("/wecom", Reply.Robot(0));
        Http.Answer("/dingtalk", Reply.Robot(0));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Http.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// From the event to the message the far end received: each person on the channel and in the language they chose, the
/// unit's and the pool's robots once per notice, quiet hours holding what is not urgent, a failing gateway tried again,
/// and a delivery that cannot succeed parked with the far end's words in the fleet admins' log. The clock stands in
/// 2029 so that what waits for the end of quiet hours stays scheduled until the test sends it.
/// </summary>
public sealed class NotificationDeliveryTests(NotificationDeliveryApp app) : IClassFixture<NotificationDeliveryApp>
{
    private const string Pool = FleetApp.Jiangan;

    private static Instant Local(int day, int hour, int minute = 0) =>
        new LocalDateTime(2029, 3, day, hour, minute).InZoneStrictly(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).ToInstant();

    private async Task Prefer(Role role, object preferences) =>
        await app.ScenarioAs(Pool, role, s =>
        {
            s.Post.Json(preferences).ToUrl("/api/my/notification-preferences");
            s.StatusCodeShouldBeOk();
        });

    private static async Task<T> Eventually<T>(Func<T> look, Func<T, bool> done, string what)
    {
        for (var tries = 0; tries < 200; tries++)
        {
            var seen = look();
            if (done(seen)) return seen;
            await Task.Delay(150);
        }

        throw new TimeoutException($"Still waiting for {what}.");
    }

    /// <summary>The mails to an address about one trip (their link names it) once one with the subject has come.</summary>
    private Task<List<ReceivedMail>> MailTo(string address, Guid trip, string subjectPart) =>
        Eventually(() => app.Smtp.ReceivedBy(address).Where(m => (m.Message.HtmlBody ?? "").Contains(trip.ToString())).ToList(),
            m => m.Any(x => x.Message.Subject!.Contains(subjectPart)), $"a mail to {address} about '{subjectPart}'");

    /// <summary>The posts to a robot or gateway about one trip once one holding the words has come.</summary>
    private Task<List<ReceivedRequest>> Posted(string path, string part, string about) =>
        Eventually(() => app.Http.RequestsTo(path).Where(r => r.Body.Contains(about)).ToList(), r => r.Any(x => x.Body.Contains(part)),
            $"a post to {path} holding '{part}'");

    [Fact]
    public async Task Each_person_is_told_on_their_channel_in_their_language_and_the_robots_once_per_notice()
    {
        app.Clock.Reset(Local(5, 9, 30));
        await Prefer(Role.Approver, new { email = "head@ja0001.example.gov.cn", channels = new[] { "Email" }, language = "en" });
        await Prefer(Role.Clerk, new { email = "clerk@ja0001.example.gov.cn", channels = new[] { "Email" } });
        await Prefer(Role.Driver, new { mobile = "13800138000", channels = new[] { "Sms" } });
        await Prefer(Role.Dispatcher, new { email = "dispatch@jiangan.example.gov.cn", channels = new[] { "Email" }, language = "en" });
        var vehicle = await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('M'), papersFrom: "2029-01-01", papersUntil: "2029-12-31");
        var driver = await app.AccountDriverAsync(Pool);

        var trip = await app.RequestTripAsync(Pool, new TripBuilder().For("汛期堤防巡查").To("武汉关", "龙王庙").On(new LocalDate(2029, 3, 6), 8, 18));

        var waiting = (await MailTo("head@ja0001.example.gov.cn", trip.Id, "Waiting for your approval")).Single(m => m.Message.Subject!.Contains("Waiting"));
        waiting.Message.TextBody!.Should().Contain("武汉关, 龙王庙").And.Contain("6 Mar 08:00");
        waiting.Message.HtmlBody!.Should().Contain($"https://fleet.jiangan.example.gov.cn/trips/{trip.Id}");
        var unitRobot = (await Posted("/dingtalk", "待您审批", trip.Id.ToString())).Where(r => r.Body.Contains("待您审批")).ToList();
        unitRobot.Should().ContainSingle("the unit's 钉钉 group hears of the request once");

        await app.PostAs(Pool, Role.Approver, $"/api/trips/{trip.Id}/approve", new { });
        var approved = (await MailTo("clerk@ja0001.example.gov.cn", trip.Id, "用车申请已批准")).Single(m => m.Message.Subject == "用车申请已批准");
        approved.Message.TextBody!.Should().Contain("3月6日 08:00").And.Contain("武汉关、龙王庙");

        await trip.DispatchAsync(vehicle, driver);
        var order = (await app.GetAs(Pool, Role.Clerk, $"/api/trips/{trip.Id}")).GetProperty("order").GetProperty("text").GetString()!;
        var sms = (await Posted("/sms", "派车单", order)).Single(r => r.Body.Contains("派车单"));
        sms.Json.GetProperty("to").GetString().Should().Be("13800138000");
        sms.Json.GetProperty("text").GetString().Should().Contain("【公务用车】派车单420102-2029-");
        sms.Header("Idempotency-Key").Should().Be(sms.Json.GetProperty("id").GetString());
        (await MailTo("clerk@ja0001.example.gov.cn", trip.Id, "已派车")).Should().ContainSingle(m => m.Message.Subject!.StartsWith("已派车"));
        (await Posted("/wecom", "已派车", trip.Id.ToString())).Where(r => r.Body.Contains("已派车")).Should().ContainSingle("the pool's 企业微信 group hears of the driver's assignment once");

        await app.PostAs(Pool, Role.Driver, $"/api/trips/{trip.Id}/decline", new { reason = "家中急事" });
        var declined = (await MailTo("dispatch@jiangan.example.gov.cn", trip.Id, "Driver cannot drive")).Single();
        declined.Message.TextBody!.Should().Contain("家中急事").And.Contain("Please assign another");

        // Every delivery went out once: the log says sent, one try each.
        string[] told = ["head@ja0001.example.gov.cn", "clerk@ja0001.example.gov.cn", "dispatch@jiangan.example.gov.cn", "13800138000"];
        var log = await app.GetAs(Pool, Role.FleetAdmin, "/api/notifications/deliveries?pageSize=200");
        log.EnumerateArray().Where(d => told.Contains(d.GetProperty("address").GetString())).Should().NotBeEmpty()
            .And.OnlyContain(d => d.GetProperty("status").GetString() == "sent")
            .And.OnlyContain(d => d.GetProperty("attempts").GetInt32() == 1);
        await app.GetAs(Pool, Role.Clerk, "/api/notifications/deliveries", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Quiet_hours_hold_a_notice_until_morning_while_an_urgent_one_goes_at_once()
    {
        app.Clock.Reset(Local(12, 23, 10));
        await Prefer(Role.Clerk, new { email = "night-clerk@ja0001.example.gov.cn", channels = new[] { "Email" }, quietFrom = "22:00", quietUntil = "07:00" });
        await Prefer(Role.Approver, new { email = "night-head@ja0001.example.gov.cn", channels = new[] { "Email" }, quietFrom = "22:00", quietUntil = "07:00" });

        // An emergency goes ahead at once, and so does its word to the clerk.
        var emergency = await app.RequestTripAsync(Pool, new TripBuilder().For("防汛抢险", "应急保障").To("长江堤防").On(new LocalDate(2029, 3, 12), new LocalTime(23, 40), new LocalTime(3, 0)).AsEmergency());
        var urgent = await MailTo("night-clerk@ja0001.example.gov.cn", emergency.Id, "");
        urgent.Should().ContainSingle().Which.Message.TextBody!.Should().Contain("长江堤防");

        // An ordinary request at night waits in the approver's centre at once, and in their mailbox until 07:00.
        var ordinary = await app.RequestTripAsync(Pool, new TripBuilder().For("调研").On(new LocalDate(2029, 3, 14), 8, 18));
        var delivery = await Eventually(() => DeliveryOf(ordinary.Id, "night-head@ja0001.example.gov.cn").GetAwaiter().GetResult(), d => d is not null,
            "the approver's delivery");
        delivery!.Value.Status.Should().Be("queued");
        await Eventually(() => HeldUntil().GetAwaiter().GetResult(), t => t.Contains(Local(13, 7).ToDateTimeOffset()), "the delivery held until 07:00");
        app.Smtp.ReceivedBy("night-head@ja0001.example.gov.cn").Should().BeEmpty();
        (emergency.Id).Should().NotBe(ordinary.Id);

        await app.Host.InvokeMessageAndWaitAsync(new DeliverNotification(delivery.Value.Id));
        (await MailTo("night-head@ja0001.example.gov.cn", ordinary.Id, "待您审批")).Should().ContainSingle();
    }

    [Fact]
    public async Task A_failing_gateway_is_tried_again_and_one_that_cannot_succeed_is_parked_with_its_words()
    {
        app.Clock.Reset(Local(20, 9, 30));
        await Prefer(Role.Driver, new { mobile = "13900139000", channels = new[] { "Sms" } });
        await Prefer(Role.Clerk, new { email = "reject-clerk@ja0001.example.gov.cn", channels = new[] { "Email" } });
        var vehicle = await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('M'), papersFrom: "2029-01-01", papersUntil: "2029-12-31");
        var driver = await app.AccountDriverAsync(Pool);

        app.Http.FailNext("/sms", 2, 503);
        var trip = await app.DispatchedTripAsync(Pool, vehicle, driver, new TripBuilder().For("送审材料").On(new LocalDate(2029, 3, 21), 9, 11));
        var tries = await Eventually(() => app.Http.RequestsTo("/sms").Where(r => r.Body.Contains("13900139000")).ToList(), r => r.Count >= 3, "three tries");
        tries.Select(r => r.Header("Idempotency-Key")).Distinct().Should().ContainSingle("every try is the same delivery");
        var sms = await Eventually(() => DeliveryOf(trip.Id, "13900139000").GetAwaiter().GetResult(), d => d?.Status == "sent", "the SMS sent");
        sms!.Value.Attempts.Should().Be(3);

        // The mail server refuses the address for good: parked at the first try, shown to the pool's fleet admins.
        var parked = await Eventually(() => DeliveryOf(trip.Id, "reject-clerk@ja0001.example.gov.cn").GetAwaiter().GetResult(), d => d?.Status == "parked",
            "the refused mail parked");
        parked!.Value.Attempts.Should().Be(1);
        var log = await app.GetAs(Pool, Role.FleetAdmin, "/api/notifications/deliveries?status=parked");
        log.EnumerateArray().Should().Contain(d => d.GetProperty("id").GetString() == parked.Value.Id
                                                   && d.GetProperty("lastError").GetString()!.Contains("550"));

        // A gateway that keeps failing: three pauses, four tries, then parked.
        app.Http.Answer("/sms", Reply.Status(500, "{\"error\":\"gateway down\"}"));
        await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{trip.Id}/undispatch", new { reason = "改派其他车辆" });
        var dead = await Eventually(() => DeliveryOf(trip.Id, "13900139000", "tripUndispatched").GetAwaiter().GetResult(), d => d?.Status == "parked",
            "the undispatch SMS parked");
        dead!.Value.Attempts.Should().Be(4);
        app.Http.Answer("/sms", Reply.Ok("{\"id\":\"gw-1\"}"));
    }

    [Fact]
    public async Task Every_change_of_a_trip_reaches_the_people_it_concerns_by_mail_in_their_own_language()
    {
        app.Clock.Reset(Local(26, 9, 0));
        await Prefer(Role.Clerk, new { email = "life-clerk@ja0001.example.gov.cn", channels = new[] { "Email" } });
        await Prefer(Role.Driver, new { email = "life-driver@jiangan.example.gov.cn", channels = new[] { "Email" }, language = "en" });
        await Prefer(Role.Dispatcher, new { email = "life-dispatch@jiangan.example.gov.cn", channels = new[] { "Email" }, language = "en" });
        await Prefer(Role.Supervisor, new { email = "life-supervisor@jiangan.example.gov.cn", channels = new[] { "Email" } });
        await Prefer(Role.Approver, new { email = "life-head@ja0001.example.gov.cn", channels = new[] { "Email" }, language = "en" });
        var (car, other) = (await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('M'), papersFrom: "2029-01-01", papersUntil: "2029-12-31"),
            await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('M'), papersFrom: "2029-01-01", papersUntil: "2029-12-31"));
        var driver = await app.AccountDriverAsync(Pool);

        // Approved under the policy, dispatched, changed, withdrawn, dispatched again and cancelled by its clerk.
        var first = await app.RequestTripAsync(Pool, new TripBuilder().For("报送汛情材料").To("区防汛办").On(new LocalDate(2029, 3, 27), 9, 11));
        await MailTo("life-clerk@ja0001.example.gov.cn", first.Id, "用车申请已按规定自动批准");
        await first.DispatchAsync(car, driver);
        await MailTo("life-driver@jiangan.example.gov.cn", first.Id, "Vehicle assigned");
        await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{first.Id}/reassign", new { vehicleId = other, reason = "原车送修" });
        (await MailTo("life-clerk@ja0001.example.gov.cn", first.Id, "派车已变更")).Single(m => m.Message.Subject!.StartsWith("派车已变更")).Message.TextBody!
            .Should().Contain("原车送修");
        await MailTo("life-driver@jiangan.example.gov.cn", first.Id, "Assignment changed");
        await app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{first.Id}/undispatch", new { reason = "改用单位自有车辆" });
        await MailTo("life-clerk@ja0001.example.gov.cn", first.Id, "派车已撤回");
        (await MailTo("life-driver@jiangan.example.gov.cn", first.Id, "Assignment withdrawn")).Single(m => m.Message.Subject == "Assignment withdrawn")
            .Message.TextBody!.Should().Contain("改用单位自有车辆");
        await first.DispatchAsync(car, driver);
        await app.PostAs(Pool, Role.Clerk, $"/api/trips/{first.Id}/cancel", new { reason = "会议延期" });
        (await MailTo("life-driver@jiangan.example.gov.cn", first.Id, "Trip cancelled")).Single(m => m.Message.Subject == "Trip cancelled")
            .Message.TextBody!.Should().Contain("会议延期");
        app.Smtp.ReceivedBy("life-clerk@ja0001.example.gov.cn").Should().NotContain(m => m.Message.Subject == "行程已取消", "the clerk cancelled it");

        // Late out, late back, back, disputed: the dispatch centre and the supervisors hear of it.
        var second = await app.DispatchedTripAsync(Pool, car, driver, new TripBuilder().For("督查河道保洁").To("汉口江滩").On(new LocalDate(2029, 3, 28), 9, 11));
        app.Clock.Reset(Local(28, 9, 31));
        await app.Host.InvokeMessageAndWaitAsync(new Fleet.Server.Trips.Driving.CheckTripStart(second.Id, FleetApp.JianganPool));
        await MailTo("life-dispatch@jiangan.example.gov.cn", second.Id, "Vehicle has not left");
        await MailTo("life-supervisor@jiangan.example.gov.cn", second.Id, "车辆未按时出车");
        await second.AcceptAsync();
        await second.StartAsync(20000m);
        app.Clock.Reset(Local(28, 13, 1));
        await app.Host.InvokeMessageAndWaitAsync(new Fleet.Server.Trips.Driving.CheckTripReturn(second.Id, FleetApp.JianganPool));
        await MailTo("life-dispatch@jiangan.example.gov.cn", second.Id, "Vehicle not back");
        await MailTo("life-supervisor@jiangan.example.gov.cn", second.Id, "车辆逾期未回场");
        await second.FinishAsync(20031m);
        (await MailTo("life-clerk@ja0001.example.gov.cn", second.Id, "行程已结束")).Single(m => m.Message.Subject == "行程已结束，请确认")
            .Message.TextBody!.Should().Contain("请核对里程和费用");
        await app.PostAs(Pool, Role.Clerk, $"/api/trips/{second.Id}/dispute", new { items = new[] { "里程" }, details = "实际往返不到20公里" });
        (await MailTo("life-dispatch@jiangan.example.gov.cn", second.Id, "Trip record disputed")).Single(m => m.Message.Subject!.StartsWith("Trip record disputed")).Message.TextBody!.Should().Contain("实际往返不到20公里");
        await MailTo("life-supervisor@jiangan.example.gov.cn", second.Id, "行程记录有异议");

        // Turned down, and left waiting too long.
        app.Clock.Reset(Local(26, 9, 0));
        var rejected = await app.RequestTripAsync(Pool, new TripBuilder().For("外出学习").On(new LocalDate(2029, 3, 29), 8, 18));
        await app.PostAs(Pool, Role.Approver, $"/api/trips/{rejected.Id}/reject", new { reason = "请合并到下周的行程" });
        (await MailTo("life-clerk@ja0001.example.gov.cn", rejected.Id, "用车申请未获批准")).Single(m => m.Message.Subject == "用车申请未获批准").Message.TextBody!.Should().Contain("请合并到下周的行程");
        var waiting = await app.RequestTripAsync(Pool, new TripBuilder().For("外出学习").On(new LocalDate(2029, 3, 30), 8, 18));
        await MailTo("life-head@ja0001.example.gov.cn", waiting.Id, "Waiting for your approval");
        await using (var session = app.Store.QuerySession(FleetApp.JianganPool))
        {
            var asking = (await session.Events.FetchStreamAsync(waiting.Id)).Last(e => e.Data is Fleet.Domain.Trips.TripApprovalRequired);
            await app.Host.InvokeMessageAndWaitAsync(new CheckApprovalWaiting(waiting.Id, FleetApp.JianganPool, asking.Version, asking.Id));
        }

        (await MailTo("life-head@ja0001.example.gov.cn", waiting.Id, "A request has waited long")).Single(m => m.Message.Subject!.StartsWith("A request"))
            .Message.TextBody!.Should().Contain("still waits for approval");
    }

    [Fact]
    public async Task The_days_notices_reach_the_fleet_admins_and_the_supervisors_by_mail_and_the_pools_robot_in_either_language()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        Instant April(int day, int hour) => new LocalDateTime(2029, 4, day, hour, 0).InZoneStrictly(zone).ToInstant();
        var day = new LocalDate(2029, 4, 10);
        await Prefer(Role.FleetAdmin, new { email = "papers-admin@jiangan.example.gov.cn", channels = new[] { "Email" } });
        await Prefer(Role.Supervisor, new { email = "daily-supervisor@jiangan.example.gov.cn", channels = new[] { "Email" }, language = "en" });
        var plate = TestPlates.Next('D');
        app.Clock.Reset(April(9, 10));
        var car = await app.RoadworthyVehicleAsync(Pool, plate, papersFrom: "2028-04-17", papersUntil: "2029-04-17");
        var driver = await app.DriverAsync(Pool, "孙立新", licenceExpiresOn: "2029-05-10");
        // Yesterday a fleet admin turned the car's odometer back: one compliance flag of the 9th.
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{car}/odometer", new { kilometres = 15000 });
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{car}/odometer/correction", new { kilometres = 14990, reason = "多记10公里" });
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        app.Clock.Reset(April(10, 8));
        await app.Host.InvokeMessageAndWaitAsync(new Fleet.Server.Notifications.Timers.SendDailyNotices(day));
        await app.Host.InvokeMessageAndWaitAsync(new Fleet.Server.Notifications.Timers.SendDailyNotices(day));

        // The insurance a week before and the licence 30 days before, in Chinese, each once however often the day is sent.
        var admin = await Eventually(() => app.Smtp.ReceivedBy("papers-admin@jiangan.example.gov.cn").ToList(),
            m => m.Count(x => x.Message.HtmlBody!.Contains(car.ToString()) || x.Message.HtmlBody!.Contains(driver.ToString())) >= 3,
            "the fleet admin's mails of the papers");
        var insurance = admin.Where(m => m.Message.HtmlBody!.Contains($"/admin/vehicles/{car}") && m.Message.Subject == "保险即将到期").Should().ContainSingle().Subject;
        insurance.Message.TextBody!.Should().Contain($"{plate}的保险于2029年4月17日到期");
        admin.Where(m => m.Message.HtmlBody!.Contains($"/admin/vehicles/{car}") && m.Message.Subject == "年检即将到期").Should().ContainSingle();
        admin.Where(m => m.Message.HtmlBody!.Contains($"/admin/drivers/{driver}")).Should().ContainSingle()
            .Which.Message.TextBody!.Should().Contain("孙立新的驾驶证于2029年5月10日到期");

        // Yesterday's flag to the supervisors, in English, and both to the pool's 企业微信 group in Chinese.
        var digest = (await Eventually(() => app.Smtp.ReceivedBy("daily-supervisor@jiangan.example.gov.cn").Where(m => m.Message.Subject!.StartsWith("Yesterday's compliance flags")).ToList(),
            m => m.Count > 0, "the supervisor's digest")).Should().ContainSingle().Subject;
        digest.Message.Subject.Should().EndWith(": 1");
        digest.Message.TextBody!.Should().Contain("yesterday (9 Apr 2029): 1").And.Contain("See the compliance page");
        digest.Message.HtmlBody!.Should().Contain("https://fleet.jiangan.example.gov.cn/reports/compliance");
        (await Posted("/wecom", "2029年4月17日到期", plate)).Where(r => r.Body.Contains("保险")).Should().ContainSingle("the pool's group hears of each paper once");
        (await Posted("/wecom", "昨日合规提示：1 条", "合规")).Where(r => r.Body.Contains("昨日合规提示")).Should().ContainSingle();

        // A fleet admin who reads English gets the next step, a day before, as an urgent English mail.
        await Prefer(Role.FleetAdmin, new { email = "papers-admin@jiangan.example.gov.cn", channels = new[] { "Email" }, language = "en" });
        app.Clock.Reset(April(16, 8));
        await app.Host.InvokeMessageAndWaitAsync(new Fleet.Server.Notifications.Timers.SendDailyNotices(day.PlusDays(6)));
        var lastDay = await Eventually(() => app.Smtp.ReceivedBy("papers-admin@jiangan.example.gov.cn").Where(m => m.Message.Subject == $"Renewal due: insurance of {plate}").ToList(),
            m => m.Count > 0, "the English mail a day before");
        lastDay.Should().ContainSingle().Which.Message.TextBody!.Should().Contain($"The insurance of {plate} runs out on 17 Apr 2029");
        app.Smtp.ReceivedBy("daily-supervisor@jiangan.example.gov.cn").Count(m => m.Message.Subject!.StartsWith("Yesterday's compliance flags"))
            .Should().Be(1, "no flag was raised on the 15th");
    }

    [Fact]
    public async Task Deliveries_decided_together_are_claimed_sent_and_recorded_together_and_only_once()
    {
        app.Clock.Reset(Local(22, 10));
        var store = app.Host.Services.GetRequiredService<NotificationStore>();
        var now = app.Clock.GetCurrentInstant();
        var notices = new List<Notification>();
        var queued = new List<Queued>();
        foreach (var (reader, plate) in new[] { ("together-a", "鄂A·Q9101"), ("together-b", "鄂A·Q9102"), ("together-c", "鄂A·Q9103") })
        {
            var facts = new NotificationFacts(Plate: plate, Paper: "insurance", Due: new LocalDate(2029, 4, 1));
            var notice = new Notification(Guid.NewGuid(), Pool, Guid.NewGuid(), NotificationKind.PapersExpiring, false, null, "/admin/vehicles", facts, now);
            var post = notice with { Id = Guid.NewGuid(), Recipient = NotificationIds.Robot(ChannelKind.WeCom, "420102") };
            notices.AddRange([notice, post]);
            queued.Add(new Queued(NotificationIds.Delivery(notice.Id, "Email"), notice.Id, Pool, ChannelKind.Email, $"{reader}@ja0001.example.gov.cn"));
            queued.Add(new Queued(NotificationIds.Delivery(post.Id, "WeCom"), post.Id, Pool, ChannelKind.WeCom, "420102"));
        }

        await using (var session = app.Store.LightweightSession(Pool))
        {
            store.AddAll(session, notices, queued, now);
            await session.SaveChangesAsync();
        }

        var deliveries = queued.Select(d => d.Id).ToList();
        await app.Host.InvokeMessageAndWaitAsync(new DeliverNotifications(deliveries));

        var mails = new[] { "together-a", "together-b", "together-c" }
            .Select(reader => app.Smtp.ReceivedBy($"{reader}@ja0001.example.gov.cn").Should().ContainSingle().Subject).ToList();
        mails.Select(m => m.Session).Distinct().Should().ContainSingle("the mails decided together share one SMTP session");
        var posts = app.Http.RequestsTo("/wecom").Where(r => r.Body.Contains("鄂A·Q910")).ToList();
        posts.Should().ContainSingle("the pool's group hears the three notices in one post").Which.Body.Should()
            .Contain("鄂A·Q9101").And.Contain("鄂A·Q9102").And.Contain("鄂A·Q9103");
        (await LogOf(deliveries)).Should().OnlyContain(d => d.Status == "sent" && d.Attempts == 1).And.HaveCount(6);

        // The same message again (a second node, a replay after a crash) finds them sent and sends nothing.
        await app.Host.InvokeMessageAndWaitAsync(new DeliverNotifications(deliveries));
        mails.Select(m => m.EnvelopeTo[0]).Should().OnlyContain(address => app.Smtp.ReceivedBy(address).Count == 1);
        app.Http.RequestsTo("/wecom").Count(r => r.Body.Contains("鄂A·Q910")).Should().Be(1);
        (await LogOf(deliveries)).Should().OnlyContain(d => d.Attempts == 1);
    }

    private async Task<List<(string Status, int Attempts)>> LogOf(IReadOnlyList<string> deliveries)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select status, attempts from fleet_notification_deliveries where id = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", deliveries.ToArray());
        var log = new List<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) log.Add((reader.GetString(0), reader.GetInt32(1)));
        return log;
    }

    private async Task<(string Id, string Status, int Attempts)?> DeliveryOf(Guid trip, string address, string? kind = null)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            select d.id, d.status, d.attempts from fleet_notification_deliveries d join fleet_notifications n on n.id = d.notification
            where n.subject = @trip and d.address = @address {(kind is null ? "" : "and n.kind = @kind")} order by d.queued_at desc limit 1
            """, connection);
        command.Parameters.AddWithValue("trip", trip);
        command.Parameters.AddWithValue("address", address);
        if (kind is not null) command.Parameters.AddWithValue("kind", char.ToUpperInvariant(kind[0]) + kind[1..]);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetString(1), reader.GetInt32(2)) : null;
    }

    /// <summary>When the deliveries held for later are due (a scheduled message's body is Wolverine's own, not searchable).</summary>
    private async Task<IReadOnlyList<DateTimeOffset>> HeldUntil()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select execution_time from wolverine_incoming_envelopes where status = 'Scheduled' and message_type ilike '%delivernotification'", connection);
        var times = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) times.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return times;
    }
}
