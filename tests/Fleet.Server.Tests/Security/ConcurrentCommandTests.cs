using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fleet.Samples.DemoHost;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Projections.Calendar;
using Fleet.Projections.Reconciliation;
using Fleet.Projections.Trips;
using Fleet.Server.Setup;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using NodaTime;
using Xunit;
using Xunit.Abstractions;

namespace Fleet.Server.Tests.Security;

/// <summary>
/// Two people, or one impatient client, sending a command on one record at the same moment: every command endpoint of
/// <see cref="ApiEndpoints"/> gets a burst of identical requests on one record, round after round. Whoever loses the
/// race is told so with a problem (409, a code, a message to act on), never a 500, and the record's stream holds the
/// events of the winners and nothing else.
/// </summary>
public sealed class ConcurrentCommandTests(FleetApp app, ITestOutputHelper output) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;
    private const int Burst = 8;
    private const int Rounds = 3;

    /// <summary>Monday 2029-03-05 09:30 in Wuhan: the trips' timers lie in the real future and wait, scheduled, during the test.</summary>
    private static readonly Instant Monday = Instant.FromUtc(2029, 3, 5, 1, 30);

    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>
    /// The record a burst is aimed at: what fills the route's <c>{id}</c> or <c>{code}</c> (and the workshop booking's or
    /// leave's id), the body, and the stream (in 江岸's pool) whose events the command writes.
    /// </summary>
    /// <remarks>
    /// A command that answers a repeat of itself with "nothing to change" and no event (the same name, the same roles)
    /// is raced with conflicting requests instead, one body each (<see cref="Each"/>), so that every winner writes.
    /// </remarks>
    private sealed record Target(string Id, Guid Stream, object Body, Guid? Part = null, Func<int, object>? Each = null)
    {
        public object BodyOf(int request) => Each?.Invoke(request) ?? Body;

        public string Url(string route) => route.Replace("{id}", Id).Replace("{code}", Id).Replace("{year}", Id)
            .Replace("{maintenanceId}", Part.ToString()).Replace("{leaveId}", Part.ToString());
    }

    /// <summary>
    /// How to race one endpoint: who sends it, how to make a fresh record in the state the command needs, and how many
    /// events one accepted request appends to the record's stream.
    /// </summary>
    /// <remarks>The burst is sent from 江岸's accounts unless <see cref="Account"/> names another pool's (the city's, for what only the city keeps).</remarks>
    private sealed record Race(Role Role, Func<ConcurrentCommandTests, Task<Target>> Prepare, int EventsPerWinner = 1, string Account = Pool);

    /// <summary>
    /// POSTs that change no single record, and why a burst of them cannot race on one: the matrix's list of endpoints
    /// is split into these and <see cref="Races"/>, so a new command endpoint fails the test until it is placed.
    /// </summary>
    private static readonly Dictionary<string, string> NoRecordToRaceOn = new()
    {
        ["/api/auth/sign-in"] = "signing in writes no stream",
        ["/api/auth/token"] = "issuing a token writes no stream",
        ["/api/auth/sign-out"] = "signing out writes no stream",
        ["/api/audit/verify"] = "checks digests against the chain and writes nothing",
        ["/api/audit/verifications"] = "starts a verification in the background, or joins the one running; writes no stream",
        ["/api/trips"] = "every request starts a stream of its own under a new id: identical requests are separate trips",
        ["/api/drivers"] = "every registration starts a stream of its own under a new id; nothing about a driver is unique",
        ["/api/vehicles"] = "starts a new stream; the race of one plate registered twice is raced in Identical_registrations_race_on_the_unique_rule",
        ["/api/users"] = "starts a new stream; the race of one login name is raced in Identical_registrations_race_on_the_unique_rule",
        ["/api/organisations/units"] = "starts a new stream; the race of one code is raced in Identical_registrations_race_on_the_unique_rule",
        ["/api/organisations/districts"] = "starts a new pool; the race of one code is the units' unique rule, raced with units",
        ["/api/logbook/import"] = "raced in The_same_logbook_file_imported_at_once_is_imported_once",
        ["/api/records/import"] = "a file's stream is named after its hash and each record's after its row's facts: the same file sent at once starts the same streams, and the store lets one start them",
        ["/api/cards"] = "a card's stream is named after its number: the same card bound at once starts one stream, and the store refuses the second (409)",
        ["/api/my/notifications/read"] = "writes no stream: marking read sets a time on the reader's own rows, the same whichever request wins",
        ["/api/geofences"] = "every drawing starts a stream of its own under a new id: identical drawings are separate geofences",
        ["/api/my/notification-preferences"] = "writes no stream: the person's settings document, the last one sent is kept",
    };

    /// <summary>Eight ways to change a clerk's roles, none of them the clerk's own.</summary>
    private static readonly string[][] RoleSets =
    [
        ["Approver"], ["Dispatcher"], ["Driver"], ["Clerk", "Approver"], ["Clerk", "Dispatcher"], ["Clerk", "Driver"], ["Approver", "Dispatcher"],
        ["Clerk", "Approver", "Dispatcher"],
    ];

    private static readonly Dictionary<string, Race> Races = new()
    {
        ["/api/organisations/{code}/rename"] = new(Role.FleetAdmin, async t => await t.UnitAsync(_ => new { }) with { Each = i => new { name = $"并发更名{i}" } }),
        ["/api/organisations/{code}/close"] = new(Role.FleetAdmin, t => t.UnitAsync(_ => new { reason = "机构改革" })),
        ["/api/users/{id}/roles"] = new(Role.FleetAdmin, async t => await t.UserAsync(new { }) with { Each = i => new { roles = RoleSets[i] } }),
        ["/api/users/{id}/move"] = new(Role.FleetAdmin, t => t.UserMoveAsync()),
        ["/api/users/{id}/deactivate"] = new(Role.FleetAdmin, t => t.UserAsync(new { reason = "调离" })),
        ["/api/users/{id}/reactivate"] = new(Role.FleetAdmin, t => t.UserAsync(new { }, deactivated: true)),
        ["/api/vehicles/{id}/maintenance"] = new(Role.FleetAdmin, t => t.VehicleAsync(Maintenance())),
        ["/api/vehicles/{id}/maintenance/{maintenanceId}/start"] = new(Role.FleetAdmin, t => t.MaintenanceAsync(new { }, started: false)),
        ["/api/vehicles/{id}/maintenance/{maintenanceId}/complete"] =
            new(Role.FleetAdmin, t => t.MaintenanceAsync(new { odometerKm = 12100 }, started: true)),
        ["/api/vehicles/{id}/maintenance/{maintenanceId}/cancel"] =
            new(Role.FleetAdmin, t => t.MaintenanceAsync(new { reason = "配件未到货" }, started: false)),
        ["/api/vehicles/{id}/inspection"] = new(Role.FleetAdmin, t => t.VehicleAsync(new { inspectedOn = "2029-03-01", validUntil = "2030-03-31" })),
        ["/api/vehicles/{id}/insurance"] = new(Role.FleetAdmin,
            t => t.VehicleAsync(new { insurer = "中国人保", policyNumber = "PDAA2029", validFrom = "2029-03-01", validUntil = "2030-03-31" })),
        ["/api/vehicles/{id}/odometer"] = new(Role.FleetAdmin, t => t.VehicleAsync(new { kilometres = 20000 })),
        ["/api/vehicles/{id}/odometer/correction"] = new(Role.FleetAdmin, t => t.VehicleAsync(new { kilometres = 11000, reason = "抄表录入错误" })),
        ["/api/vehicles/{id}/retire"] = new(Role.FleetAdmin, t => t.VehicleAsync(new { reason = "超过使用年限" })),
        ["/api/vehicles/{id}/dispose"] = new(Role.FleetAdmin, t => t.VehicleAsync(new { method = "拍卖", documentNumber = "鄂机事〔2029〕12号" }, retired: true)),
        ["/api/vehicles/{id}/transfer"] = new(Role.FleetAdmin, t => t.VehicleAsync(new { toPool = FleetApp.JianghanPool, reason = "区间调剂" })),
        ["/api/vehicles/{id}/terminal"] = new(Role.FleetAdmin, async t => await t.VehicleAsync(new { }) with { Each = _ => new { terminal = NextTerminal() } }),
        ["/api/vehicles/{id}/terminal/unbind"] = new(Role.FleetAdmin, t => t.VehicleAsync(new { reason = "拆除终端" }, terminal: true)),
        ["/api/vehicles/{id}/terminal/replace"] =
            new(Role.FleetAdmin, async t => await t.VehicleAsync(new { }, terminal: true) with { Each = _ => new { terminal = NextTerminal(), reason = "终端损坏" } }),
        ["/api/drivers/{id}/licence"] = new(Role.FleetAdmin, t => t.DriverAsync(_ => new { licenceClasses = new[] { "A1" }, licenceExpiresOn = "2036-05-01" })),
        ["/api/drivers/{id}/leave"] = new(Role.FleetAdmin,
            t => t.DriverAsync(_ => new { start = "2029-04-16T00:00:00+08:00", end = "2029-04-20T00:00:00+08:00", kind = "Annual" })),
        ["/api/drivers/{id}/leave/{leaveId}/cancel"] = new(Role.FleetAdmin, t => t.LeaveAsync()),
        ["/api/drivers/{id}/transfer"] = new(Role.FleetAdmin, t => t.DriverAsync(_ => new { toPool = FleetApp.JianghanPool, reason = "工作调动" })),
        ["/api/drivers/{id}/suspend"] = new(Role.FleetAdmin, t => t.DriverAsync(_ => new { reason = "违章记分" })),
        ["/api/drivers/{id}/reinstate"] = new(Role.FleetAdmin, t => t.DriverAsync(_ => new { reason = "学习合格" }, suspended: true)),
        ["/api/drivers/{id}/leave-service"] = new(Role.FleetAdmin, t => t.DriverAsync(_ => new { reason = "退休" })),
        ["/api/drivers/{id}/account"] = new(Role.FleetAdmin, t => t.DriverAccountAsync()),
        ["/api/drivers/{id}/phone"] = new(Role.FleetAdmin, t => t.DriverAsync(_ => new { phone = "139 0713 5566" })),
        ["/api/trips/{id}/amend"] = new(Role.Clerk, t => t.RequestedTripAsync(day => TripForm(day, 19, 22)), EventsPerWinner: 2),
        ["/api/trips/{id}/cancel"] = new(Role.Clerk, t => t.RequestedTripAsync(_ => new { reason = "会议取消" })),
        ["/api/trips/{id}/approve"] = new(Role.Approver, t => t.RequestedTripAsync(_ => new { })),
        ["/api/trips/{id}/reject"] = new(Role.Approver, t => t.RequestedTripAsync(_ => new { reason = "可乘公共交通" })),
        ["/api/trips/{id}/dispatch"] = new(Role.Dispatcher, t => t.DispatchableTripAsync()),
        ["/api/trips/{id}/reassign"] = new(Role.Dispatcher, t => t.DispatchedTripAsync(TripStage.Dispatched, reassign: true)),
        ["/api/trips/{id}/undispatch"] = new(Role.Dispatcher, t => t.DispatchedTripAsync(TripStage.Dispatched, new { reason = "用车单位改期" })),
        ["/api/trips/{id}/accept"] = new(Role.Driver, t => t.DispatchedTripAsync(TripStage.Dispatched, new { })),
        ["/api/trips/{id}/decline"] = new(Role.Driver, t => t.DispatchedTripAsync(TripStage.Dispatched, new { reason = "当天需陪同体检" })),
        ["/api/trips/{id}/start"] = new(Role.Driver, t => t.DispatchedTripAsync(TripStage.Accepted, new { odometerKm = 12010.5m }), EventsPerWinner: 2),
        ["/api/trips/{id}/finish"] = new(Role.Driver, t => t.DispatchedTripAsync(TripStage.Started, new { odometerKm = 12062.3m, fuelLitres = 5.2m })),
        ["/api/trips/{id}/confirm"] = new(Role.Clerk, t => t.DispatchedTripAsync(TripStage.Finished, new { stars = 5, comment = "准时、安全" }), EventsPerWinner: 3),
        ["/api/trips/{id}/dispute"] = new(Role.Clerk, t => t.DispatchedTripAsync(TripStage.Finished, new { items = new[] { "里程" }, details = "实际只往返15公里" })),
        ["/api/trips/{id}/rate"] = new(Role.Clerk, t => t.DispatchedTripAsync(TripStage.Finished, new { stars = 4 })),
        ["/api/trips/{id}/review"] = new(Role.Approver, t => t.EmergencyTripAsync()),
        ["/api/approval-policy"] = new(Role.FleetAdmin, t => t.NextPolicyAsync()),
        ["/api/reconciliation-policy"] = new(Role.FleetAdmin, t => t.NextReconciliationPolicyAsync()),
        ["/api/calendar/{year}"] = new(Role.FleetAdmin, t => t.NextCalendarYearAsync(), Account: FleetApp.City),
        ["/api/sealings"] = new(Role.FleetAdmin, t => Task.FromResult(t.FreshSealing())),
        ["/api/sealings/{id}/lift"] = new(Role.FleetAdmin, t => t.SealingToLiftAsync()),
        ["/api/rate-card"] = new(Role.FleetAdmin, t => t.NextRateCardAsync()),
        ["/api/statements"] = new(Role.FleetAdmin, t => Task.FromResult(t.FreshStatement(2020))),
        ["/api/statements/{id}/confirm"] = new(Role.Approver, t => t.IssuedStatementAsync(2021, new { version = 1 })),
        ["/api/statements/{id}/dispute"] = new(Role.Approver, t => t.IssuedStatementAsync(2022, new { version = 1, reason = "里程有误" })),
        ["/api/statements/{id}/correct"] = new(Role.FleetAdmin, t => t.IssuedStatementAsync(2023, new { version = 1, reason = "按新费率重开" }, newCard: true)),
        ["/api/vehicles/{id}/fuel-figures"] = new(Role.FleetAdmin, t => t.VehicleAsync(new { tankLitres = 55, litresPer100Km = 8.5 })),
        ["/api/cards/{id}/move"] = new(Role.FleetAdmin, async t =>
        {
            var card = await t.CardAsync();
            var to = await t.VehicleAsync(new { });
            return card with { Body = new { vehicleId = to.Stream, reason = "调车" } };
        }),
        ["/api/cards/{id}/lost"] = new(Role.FleetAdmin, async t => await t.CardAsync() with { Body = new { reason = "遗失" } }),
        ["/api/cards/{id}/replace"] = new(Role.FleetAdmin, async t => await t.CardAsync() with { Each = _ => new { number = NextCard(), reason = "磁条损坏" } },
            EventsPerWinner: 1),
        ["/api/geofences/{id}"] = new(Role.Supervisor, async t => await t.GeofenceAsync() with { Each = i => Geofence($"并发围栏{i}") }),
        ["/api/geofences/{id}/remove"] = new(Role.Supervisor, t => t.GeofenceAsync()),
    };

    public static TheoryData<string> CommandRoutes() =>
        new(ApiEndpoints.All.Where(e => e.Method == "POST" && !NoRecordToRaceOn.ContainsKey(e.Route)).Select(e => e.Route));

    [Fact]
    public void Every_command_endpoint_is_raced_or_says_why_it_cannot_race()
    {
        var posts = ApiEndpoints.All.Where(e => e.Method == "POST").Select(e => e.Route).ToList();
        posts.Where(route => !Races.ContainsKey(route) && !NoRecordToRaceOn.ContainsKey(route)).Should().BeEmpty("every command needs a race or a reason");
        Races.Keys.Concat(NoRecordToRaceOn.Keys).Should().BeSubsetOf(posts, "the races name endpoints the server maps");
    }

    [Theory]
    [MemberData(nameof(CommandRoutes))]
    public async Task A_burst_of_one_command_on_one_record_answers_each_request_and_writes_only_the_winners_events(string route)
    {
        var race = Races[route];
        var tally = new Dictionary<string, int>();
        for (var round = 0; round < Rounds; round++)
        {
            var target = await race.Prepare(this);
            var before = await EventCountAsync(target.Stream, race.Account);
            var answers = await BurstAsync(race.Role, target.Url(route), target.BodyOf, account: race.Account);
            var after = await EventCountAsync(target.Stream, race.Account);

            foreach (var answer in answers) tally[answer.Describe()] = tally.GetValueOrDefault(answer.Describe()) + 1;
            if (answers.Any(a => a.Status >= 500)) output.WriteLine(string.Join("\n", app.ServerErrors.Entries));
            answers.Where(a => !a.IsAcceptable).Select(a => a.ToString()).Should().BeEmpty("round {0} of {1}: only 2xx and 4xx problems with a code", round, route);
            var winners = answers.Count(a => a.Status < 300);
            winners.Should().BeGreaterThan(0, "round {0} of {1}: one request wins the race", round, route);
            (after - before).Should().Be(winners * race.EventsPerWinner,
                "round {0} of {1}: {2} requests were accepted and each appends {3} event(s)", round, route, winners, race.EventsPerWinner);
        }

        output.WriteLine($"{route}: {Rounds} rounds × {Burst} requests: {string.Join(", ", tally.OrderBy(p => p.Key).Select(p => $"{p.Key} × {p.Value}"))}");
    }

    /// <summary>
    /// Different commands on one record at the same moment, as a pool's people send them: the registry's papers and
    /// readings of one car, a driver's suspension and licence and leave, a trip's amendment, approval and cancellation.
    /// Every winner's events are on the stream, and nothing else.
    /// </summary>
    [Fact]
    public async Task Different_commands_on_one_record_at_once_answer_each_request_and_write_only_the_winners_events()
    {
        var tally = new Dictionary<string, int>();
        for (var round = 0; round < Rounds; round++)
        {
            var vehicle = await VehicleAsync(new { });
            var driver = await DriverAsync(_ => new { });
            var day = default(LocalDate);
            var trip = await RequestedTripAsync(d =>
            {
                day = d;
                return new { };
            });
            var mixes = new (Guid Stream, Command[] Commands, Func<string, int> EventsPerWinner)[]
            {
                (vehicle.Stream, [
                    new(Role.FleetAdmin, $"/api/vehicles/{vehicle.Id}/inspection", new { inspectedOn = "2029-03-01", validUntil = "2030-03-31" }),
                    new(Role.FleetAdmin, $"/api/vehicles/{vehicle.Id}/insurance", new { insurer = "中国人保", policyNumber = "PDAA2029", validFrom = "2029-03-01", validUntil = "2030-03-31" }),
                    new(Role.FleetAdmin, $"/api/vehicles/{vehicle.Id}/odometer", new { kilometres = 20000 }),
                    new(Role.FleetAdmin, $"/api/vehicles/{vehicle.Id}/odometer", new { kilometres = 21000 }),
                    new(Role.FleetAdmin, $"/api/vehicles/{vehicle.Id}/maintenance", Maintenance()),
                    new(Role.FleetAdmin, $"/api/vehicles/{vehicle.Id}/inspection", new { inspectedOn = "2029-03-02", validUntil = "2030-04-30" }),
                    new(Role.FleetAdmin, $"/api/vehicles/{vehicle.Id}/insurance", new { insurer = "平安", policyNumber = "PA2029", validFrom = "2029-03-01", validUntil = "2030-04-30" }),
                    new(Role.FleetAdmin, $"/api/vehicles/{vehicle.Id}/retire", new { reason = "超过使用年限" }),
                ], _ => 1),
                (driver.Stream, [
                    new(Role.FleetAdmin, $"/api/drivers/{driver.Id}/suspend", new { reason = "违章记分" }),
                    new(Role.FleetAdmin, $"/api/drivers/{driver.Id}/licence", new { licenceClasses = new[] { "A1" }, licenceExpiresOn = "2036-05-01" }),
                    new(Role.FleetAdmin, $"/api/drivers/{driver.Id}/leave", new { start = "2029-04-16T00:00:00+08:00", end = "2029-04-20T00:00:00+08:00", kind = "Annual" }),
                    new(Role.FleetAdmin, $"/api/drivers/{driver.Id}/leave", new { start = "2029-05-16T00:00:00+08:00", end = "2029-05-20T00:00:00+08:00", kind = "Annual" }),
                    new(Role.FleetAdmin, $"/api/drivers/{driver.Id}/suspend", new { reason = "体检未通过" }),
                    new(Role.FleetAdmin, $"/api/drivers/{driver.Id}/licence", new { licenceClasses = new[] { "B1" }, licenceExpiresOn = "2037-05-01" }),
                    new(Role.FleetAdmin, $"/api/drivers/{driver.Id}/leave-service", new { reason = "退休" }),
                    new(Role.FleetAdmin, $"/api/drivers/{driver.Id}/transfer", new { toPool = FleetApp.JianghanPool, reason = "工作调动" }),
                ], _ => 1),
                (trip.Stream, [
                    new(Role.Clerk, $"/api/trips/{trip.Id}/amend", TripForm(day, 19, 22)),
                    new(Role.Clerk, $"/api/trips/{trip.Id}/amend", TripForm(day, 18, 21)),
                    new(Role.Approver, $"/api/trips/{trip.Id}/approve", new { }),
                    new(Role.Approver, $"/api/trips/{trip.Id}/approve", new { }),
                    new(Role.Approver, $"/api/trips/{trip.Id}/reject", new { reason = "可乘公共交通" }),
                    new(Role.Clerk, $"/api/trips/{trip.Id}/cancel", new { reason = "会议取消" }),
                    new(Role.Clerk, $"/api/trips/{trip.Id}/cancel", new { reason = "改期" }),
                    new(Role.Clerk, $"/api/trips/{trip.Id}/amend", TripForm(day, 19, 21)),
                ], url => url.EndsWith("/amend", StringComparison.Ordinal) ? 2 : 1),
            };

            foreach (var (stream, commands, eventsPerWinner) in mixes)
            {
                var before = await EventCountAsync(stream);
                var answers = await SendAtOnceAsync(commands);
                var after = await EventCountAsync(stream);

                foreach (var answer in answers) tally[answer.Describe()] = tally.GetValueOrDefault(answer.Describe()) + 1;
                answers.Where(a => !a.IsAcceptable).Select(a => a.ToString()).Should().BeEmpty("round {0}: only 2xx and 4xx problems with a code", round);
                var expected = commands.Zip(answers).Where(pair => pair.Second.Status < 300).Sum(pair => eventsPerWinner(pair.First.Url));
                (after - before).Should().Be(expected, "round {0}: the winners' events ({1}) and nothing else", round,
                    string.Join(", ", commands.Zip(answers).Select(pair => $"{pair.First.Url.Split('/').Last()} {pair.Second.Describe()}")));
            }
        }

        output.WriteLine($"3 records × 8 different commands × {Rounds} rounds: {string.Join(", ", tally.OrderBy(p => p.Key).Select(p => $"{p.Key} × {p.Value}"))}");
    }

    [Fact]
    public async Task Approvals_sent_at_once_under_one_idempotency_key_answer_the_first_answer_or_in_progress()
    {
        var tally = new Dictionary<string, int>();
        for (var round = 0; round < Rounds; round++)
        {
            var trip = await RequestedTripAsync(_ => new { });
            var before = await EventCountAsync(trip.Stream);
            var key = Guid.NewGuid().ToString();
            var answers = await BurstAsync(Role.Approver, trip.Url("/api/trips/{id}/approve"), _ => trip.Body, count: 16, idempotencyKey: key);
            var after = await EventCountAsync(trip.Stream);

            foreach (var answer in answers) tally[answer.Describe()] = tally.GetValueOrDefault(answer.Describe()) + 1;
            answers.Where(a => !(a.Status == 200 || a is { Status: 409, Code: "idempotency.in_progress" })).Select(a => a.ToString())
                .Should().BeEmpty("round {0}: a repeat under one key gets the first answer or is told the first is running", round);
            answers.Count(a => a is { Status: 200, Replayed: false }).Should().Be(1, "round {0}: the command is carried out once", round);
            (after - before).Should().Be(1, "round {0}: one approval, whatever the number of repeats", round);
        }

        output.WriteLine($"16 approvals under one key × {Rounds} rounds: {string.Join(", ", tally.OrderBy(p => p.Key).Select(p => $"{p.Key} × {p.Value}"))}");
    }

    [Fact]
    public async Task The_same_logbook_file_imported_at_once_is_imported_once()
    {
        app.Clock.Reset(Monday);
        var tally = new Dictionary<string, int>();
        for (var round = 0; round < Rounds; round++)
        {
            var plate = TestPlates.Next('C');
            await app.RoadworthyVehicleAsync(Pool, plate, papersFrom: "2028-01-01", papersUntil: "2029-12-31");
            // A row names a driver of the pool, under a name no other driver has.
            var driver = $"导入司机{round}";
            await app.DriverAsync(Pool, driver);
            var csv = string.Join("\r\n",
                "日期,车牌号,派车单号,用车单位,事由,驾驶员,出车时间,回场时间,出车里程,回场里程,加油量,费用",
                $"2028-10-05,{plate},JA-纸-{round:D3},江岸区政府办公室,参加防汛会议,{driver},08:30,11:00,1000,1035.5,,20") + "\r\n";
            var before = await AllEventCountAsync();
            var answers = await BurstAsync(Role.FleetAdmin, "/api/logbook/import", _ => new { fileName = $"并发{round}.csv", csv });
            var after = await AllEventCountAsync();

            foreach (var answer in answers) tally[answer.Describe()] = tally.GetValueOrDefault(answer.Describe()) + 1;
            answers.Where(a => !(a.Status == 200 || a is { Status: 409, Code: "logbook.already_imported" })).Select(a => a.ToString())
                .Should().BeEmpty("round {0}: a file imported at the same moment is imported by one request; the others hear it was", round);
            answers.Count(a => a.Status == 200 && a.Json.GetProperty("alreadyImported").GetBoolean() == false).Should().Be(1,
                "round {0}: one request imports the file", round);
            (after - before).Should().Be(2, "round {0}: the file's batch and its one trip, once", round);
        }

        output.WriteLine($"8 imports of one file × {Rounds} rounds: {string.Join(", ", tally.OrderBy(p => p.Key).Select(p => $"{p.Key} × {p.Value}"))}");
    }

    /// <summary>
    /// The pages run the endpoints' own methods in a session of their own: a form that loses a race shows what happened
    /// next to the form, never the error page.
    /// </summary>
    [Fact]
    public async Task The_same_file_uploaded_at_once_on_the_import_page_shows_the_lost_race_in_the_page()
    {
        app.Clock.Reset(Monday);
        var plate = TestPlates.Next('C');
        await app.RoadworthyVehicleAsync(Pool, plate, papersFrom: "2028-01-01", papersUntil: "2029-12-31");
        await app.DriverAsync(Pool, "页面导入司机");
        var csv = "日期,车牌号,派车单号,用车单位,事由,驾驶员,出车时间,回场时间,出车里程,回场里程,加油量,费用\r\n" +
                  $"2028-11-05,{plate},,江岸区政府办公室,页面并发导入,页面导入司机,08:30,11:00,1000,1035.5,,20\r\n";
        using var browser = app.Host.Server.CreateClient();
        var signedIn = await browser.PostAsync("/api/auth/sign-in", new StringContent(
            JsonSerializer.Serialize(new { loginName = DemoCity.Login(Pool, Role.FleetAdmin), password = DemoCity.Password }), Encoding.UTF8, "application/json"));
        signedIn.EnsureSuccessStatusCode();
        var cookies = Cookies(signedIn);
        using var form = new HttpRequestMessage(HttpMethod.Get, "/admin/import");
        form.Headers.Add("Cookie", cookies);
        var page = await browser.SendAsync(form);
        cookies = $"{cookies}; {Cookies(page)}";
        var token = Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")
            .Groups["token"].Value;
        token.Should().NotBeEmpty("the form carries its antiforgery token");

        var before = await AllEventCountAsync();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var uploads = Enumerable.Range(0, Burst).Select(async _ =>
        {
            using var client = app.Host.Server.CreateClient();
            using var upload = new HttpRequestMessage(HttpMethod.Post, "/admin/import");
            upload.Headers.Add("Cookie", cookies);
            upload.Content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "并发页面.csv" },
            };
            await go.Task;
            using var response = await client.SendAsync(upload);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }).ToList();
        go.SetResult();
        var answers = await Task.WhenAll(uploads);
        var after = await AllEventCountAsync();

        // The page speaks Chinese unless the reader chose English.
        var lostRace = Fleet.Server.Web.WebText.Texts.GetString("admin.import_imported_meanwhile", System.Globalization.CultureInfo.GetCultureInfo("zh-CN"))!;
        answers.Select(a => a.Item1).Should().OnlyContain(status => status == 200, "a refused form comes back as the page itself");
        var shown = answers.Select(a => a.Item2.Contains("<h2>", StringComparison.Ordinal) ? "report" : a.Item2.Contains(lostRace, StringComparison.Ordinal) ? "lost race" : "neither")
            .ToList();
        shown.Should().NotContain("neither", "every upload shows the import's report or that the file was imported a moment ago");
        (after - before).Should().Be(2, "the file's batch and its one trip, once");
        output.WriteLine($"{Burst} uploads of one file on the page: {string.Join(", ", shown.GroupBy(s => s).Select(g => $"{g.Key} × {g.Count()}"))}");
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : []);

    [Fact]
    public async Task Identical_registrations_race_on_the_unique_rule()
    {
        var forms = new (string Url, Func<int, object> Body)[]
        {
            ("/api/vehicles", _ => new { plate = TestPlates.Next('R'), category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }),
            ("/api/organisations/units", round => new { code = $"RU{Next():D4}", name = "并发测试单位", parentCode = FleetApp.JianganPool }),
            ("/api/users", round => new
            {
                loginName = $"race.{round}.{Guid.NewGuid():N}"[..30], displayName = "并发", organisationCode = "JA0001", roles = new[] { "Clerk" },
                password = "race-user-password",
            }),
        };
        foreach (var (url, body) in forms)
        for (var round = 0; round < Rounds; round++)
        {
            var form = body(round);
            var answers = await BurstAsync(Role.FleetAdmin, url, _ => form);
            answers.Where(a => !a.IsAcceptable).Select(a => a.ToString()).Should().BeEmpty("{0} round {1}", url, round);
            answers.Count(a => a.Status == 201).Should().Be(1, "{0} round {1}: one registration; the others meet the unique rule", url, round);
            output.WriteLine($"{url} round {round}: {string.Join(", ", answers.GroupBy(a => a.Describe()).Select(g => $"{g.Key} × {g.Count()}"))}");
        }
    }

    private sealed record Answer(int Status, string? Code, string Type, string Text, bool Replayed)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;

        /// <summary>An accepted command, or a problem a client can act on: a 4xx in problem+json with a code and a message.</summary>
        public bool IsAcceptable => Status is >= 200 and < 300
                                    || (Status is >= 400 and < 500 && Type.StartsWith("application/problem+json", StringComparison.Ordinal) && Code is not null
                                        && Json.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 });

        public string Describe() => Code is null ? $"{Status}" : $"{Status} {Code}";

        public override string ToString() => $"{Status} {Type}: {Text}";
    }

    /// <summary>Sends <paramref name="count"/> identical requests at once, on separate connections, released together.</summary>
    private Task<IReadOnlyList<Answer>> BurstAsync(Role role, string url, Func<int, object> body, int count = Burst, string? idempotencyKey = null,
        string account = Pool) =>
        SendAtOnceAsync(Enumerable.Range(0, count).Select(i => new Command(role, url, body(i))).ToList(), idempotencyKey, account);

    private sealed record Command(Role Role, string Url, object Body);

    /// <summary>Sends the commands at once, each on a connection of its own, released together.</summary>
    private async Task<IReadOnlyList<Answer>> SendAtOnceAsync(IReadOnlyList<Command> commands, string? idempotencyKey = null, string account = Pool)
    {
        var bearers = new Dictionary<Role, AuthenticationHeaderValue>();
        foreach (var role in commands.Select(c => c.Role).Distinct()) bearers[role] = AuthenticationHeaderValue.Parse(await app.BearerFor(account, role));
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = commands.Select(async command =>
        {
            using var client = app.Host.Server.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, command.Url)
            {
                Content = new StringContent(JsonSerializer.Serialize(command.Body), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = bearers[command.Role];
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            await go.Task;
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var type = response.Content.Headers.ContentType?.ToString() ?? "";
            var code = (int)response.StatusCode >= 400 && text.StartsWith('{') && JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var c)
                ? c.GetString()
                : null;
            return new Answer((int)response.StatusCode, code, type, text, response.Headers.Contains("Idempotency-Replayed"));
        }).ToList();
        go.SetResult();
        return await Task.WhenAll(requests);
    }

    private async Task<int> EventCountAsync(Guid stream, string account = Pool)
    {
        await using var session = app.Store.QuerySession(FleetApp.PoolCode(account));
        return (await session.Events.FetchStreamAsync(stream)).Count;
    }

    private async Task<int> AllEventCountAsync()
    {
        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    // The records, made fresh for every round through the API as a pool's people would.

    /// <summary>Counters for the whole run: xUnit makes a new instance of the class for every test, the fixture's database stays.</summary>
    private static int _made;

    private static int Next() => Interlocked.Increment(ref _made);

    private async Task<Target> UnitAsync(Func<string, object> body)
    {
        var code = $"CC{Next():D4}";
        var id = (await app.PostAs(Pool, Role.FleetAdmin, "/api/organisations/units", new { code, name = $"并发测试{code}", parentCode = FleetApp.JianganPool },
            HttpStatusCode.Created)).GetProperty("organisationId").GetGuid();
        return new Target(code, id, body(code));
    }

    private async Task<Target> UserAsync(object body, bool deactivated = false)
    {
        var id = (await app.PostAs(Pool, Role.FleetAdmin, "/api/users",
                new { loginName = $"race.user{Next()}", displayName = "并发测试", organisationCode = "JA0001", roles = new[] { "Clerk" }, password = "race-user-password" },
                HttpStatusCode.Created))
            .GetProperty("userId").GetGuid();
        if (deactivated) await app.PostAs(Pool, Role.FleetAdmin, $"/api/users/{id}/deactivate", new { reason = "调离" });
        return new Target(id.ToString(), id, body);
    }

    /// <summary>A clerk of JA0001 and eight units to move to, one for each request of the burst.</summary>
    private async Task<Target> UserMoveAsync()
    {
        var units = new List<string>();
        for (var i = 0; i < Burst; i++) units.Add((await UnitAsync(_ => new { })).Id);
        return await UserAsync(new { }) with { Each = i => new { organisationCode = units[i] } };
    }

    private static object Maintenance()
    {
        var start = Monday.InZone(Wuhan).Date.PlusDays(20);
        return new { start = $"{start:yyyy-MM-dd}T09:00:00+08:00", end = $"{start:yyyy-MM-dd}T17:00:00+08:00", kind = "Routine" };
    }

    private async Task<Target> VehicleAsync(object body, bool retired = false, bool terminal = false)
    {
        app.Clock.Reset(Monday);
        var id = await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('P'), papersFrom: "2029-01-01", papersUntil: "2029-12-31");
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{id}/odometer", new { kilometres = 12000 });
        if (retired) await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{id}/retire", new { reason = "超过使用年限" });
        if (terminal) await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{id}/terminal", new { terminal = NextTerminal() });
        return new Target(id.ToString(), id, body);
    }

    private static int _terminals;

    private static int _cards;

    /// <summary>A fuel card number no other request of the run uses.</summary>
    private static string NextCard() => $"100011339{Environment.ProcessId % 1000:D3}{Interlocked.Increment(ref _cards):D5}";

    /// <summary>A fuel card bound to a fresh car of the pool.</summary>
    private async Task<Target> CardAsync()
    {
        var vehicle = await VehicleAsync(new { });
        var card = await app.PostAs(Pool, Role.FleetAdmin, "/api/cards", new { kind = "fuel", number = NextCard(), vehicleId = vehicle.Stream },
            HttpStatusCode.Created);
        var id = card.GetProperty("id").GetGuid();
        return new Target(id.ToString(), id, new { });
    }

    /// <summary>A terminal number no other request of the run uses, so that each bind or replace races only on its car.</summary>
    private static string NextTerminal() => $"1390{Interlocked.Increment(ref _terminals):D7}";

    private async Task<Target> MaintenanceAsync(object body, bool started)
    {
        var vehicle = await VehicleAsync(new { });
        var now = app.Clock.GetCurrentInstant().InZone(Wuhan);
        var window = await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{vehicle.Stream}/maintenance",
            new { start = $"{now.Date:yyyy-MM-dd}T10:00:00+08:00", end = $"{now.Date:yyyy-MM-dd}T17:00:00+08:00", kind = "Repair" });
        var job = window.GetProperty("maintenanceWindows")[0].GetProperty("maintenanceId").GetGuid();
        if (started) await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{vehicle.Stream}/maintenance/{job}/start", new { });
        return vehicle with { Body = body, Part = job };
    }

    private async Task<Target> DriverAsync(Func<Guid, object> body, bool suspended = false)
    {
        var id = await app.DriverAsync(Pool, $"并发{Next()}", licenceExpiresOn: "2035-01-01");
        if (suspended) await app.PostAs(Pool, Role.FleetAdmin, $"/api/drivers/{id}/suspend", new { reason = "违章记分" });
        return new Target(id.ToString(), id, body(id));
    }

    private async Task<Target> LeaveAsync()
    {
        var driver = await DriverAsync(_ => new { });
        var leave = (await app.PostAs(Pool, Role.FleetAdmin, $"/api/drivers/{driver.Stream}/leave",
            new { start = "2029-04-16T00:00:00+08:00", end = "2029-04-20T00:00:00+08:00", kind = "Annual" }, HttpStatusCode.Created)).GetProperty("leaveId").GetGuid();
        return driver with { Body = new { reason = "任务需要" }, Part = leave };
    }

    private async Task<Target> DriverAccountAsync()
    {
        var driver = await DriverAsync(_ => new { });
        var user = (await app.PostAs(Pool, Role.FleetAdmin, "/api/users",
                new { loginName = $"race.driver{Next()}", displayName = "并发司机", organisationCode = FleetApp.JianganPool, roles = new[] { "Driver" }, password = "race-user-password" },
                HttpStatusCode.Created))
            .GetProperty("userId").GetGuid();
        return driver with { Body = new { userId = user } };
    }

    /// <summary>Every trip gets a day of its own, so that the one demo driver is never booked twice.</summary>
    private static int _day;

    private static LocalDate NextDay() => new LocalDate(2029, 3, 6).PlusDays(Interlocked.Increment(ref _day));

    /// <summary>An evening trip: outside working hours, so it waits for the unit head.</summary>
    private static object TripForm(LocalDate day, int from, int to) => TripOn(day, from, to).Body;

    private static TripBuilder TripOn(LocalDate day, int from, int to) => new TripBuilder().For("并发测试").On(day, from, to);

    private async Task<Target> RequestedTripAsync(Func<LocalDate, object> body)
    {
        app.Clock.Reset(Monday);
        var day = NextDay();
        var trip = await app.RequestTripAsync(Pool, TripOn(day, 19, 21));
        trip.Status.Should().Be("requested");
        return new Target(trip.Id.ToString(), trip.Id, body(day));
    }

    /// <summary>A morning trip: approved by the policy on a working day, by the unit head on a weekend.</summary>
    private async Task<TestTrip> ApprovedTripAsync(LocalDate day)
    {
        var trip = await app.RequestTripAsync(Pool, TripOn(day, 9, 11));
        if (trip.Status == "requested") await trip.ApproveAsync();
        return trip;
    }

    private async Task<Target> DispatchableTripAsync()
    {
        app.Clock.Reset(Monday);
        var trip = await ApprovedTripAsync(NextDay());
        var vehicle = await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('P'), papersFrom: "2029-01-01", papersUntil: "2029-12-31");
        var driver = await app.DriverAsync(Pool, $"并发{Next()}", licenceExpiresOn: "2035-01-01");
        return new Target(trip.Id.ToString(), trip.Id, new { vehicleId = vehicle, driverId = driver });
    }

    private enum TripStage
    {
        Dispatched,
        Accepted,
        Started,
        Finished,
    }

    /// <summary>A trip dispatched to the demo driver account's own driver record, taken as far as <paramref name="stage"/>.</summary>
    private async Task<Target> DispatchedTripAsync(TripStage stage, object? body = null, bool reassign = false)
    {
        app.Clock.Reset(Monday);
        var day = NextDay();
        var trip = await ApprovedTripAsync(day);
        var vehicle = await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('P'), papersFrom: "2029-01-01", papersUntil: "2029-12-31");
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/odometer", new { kilometres = 12000 });
        await trip.DispatchAsync(vehicle, await app.AccountDriverAsync(Pool));
        if (reassign)
        {
            var other = await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('P'), papersFrom: "2029-01-01", papersUntil: "2029-12-31");
            body = new { vehicleId = other, reason = "原车故障" };
        }

        if (stage >= TripStage.Accepted) await trip.AcceptAsync();
        if (stage >= TripStage.Started)
        {
            app.Clock.Reset(day.At(new LocalTime(8, 50)).InZoneStrictly(Wuhan).ToInstant());
            await trip.StartAsync(12010.5m);
        }

        if (stage >= TripStage.Finished)
        {
            app.Clock.Reset(day.At(new LocalTime(11, 30)).InZoneStrictly(Wuhan).ToInstant());
            await trip.FinishAsync(12062.3m);
        }
        else if (stage == TripStage.Accepted) app.Clock.Reset(day.At(new LocalTime(8, 50)).InZoneStrictly(Wuhan).ToInstant());
        else if (stage == TripStage.Started) app.Clock.Reset(day.At(new LocalTime(11, 30)).InZoneStrictly(Wuhan).ToInstant());

        return new Target(trip.Id.ToString(), trip.Id, body ?? new { });
    }

    private async Task<Target> EmergencyTripAsync()
    {
        app.Clock.Reset(Monday);
        var trip = await app.RequestTripAsync(Pool, TripOn(NextDay(), 19, 21).AsEmergency());
        return new Target(trip.Id.ToString(), trip.Id, new { outcome = "Justified", note = "汛情紧急" });
    }

    private async Task<Target> NextPolicyAsync()
    {
        var current = await app.GetAs(Pool, Role.FleetAdmin, "/api/approval-policy");
        var body = new
        {
            version = current.GetProperty("version").GetInt32() + 1, workdayStart = "08:30:00", workdayEnd = "17:30:00",
            workdays = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }, maxAutoApprovedLength = "2:00:00", twoLevelClasses = new[] { "Minibus", "Bus" },
        };
        return new Target("", CurrentApprovalPolicy.StreamId, body);
    }

    private int _sealings;

    /// <summary>
    /// Days of 2036, which no other test requests trips on, sealed by nobody yet: the burst's winner seals them, the others
    /// find the stream moved on or the days sealed.
    /// </summary>
    private Target FreshSealing()
    {
        var from = new LocalDate(2036, 1, 5).PlusDays(3 * _sealings++);
        return new Target("", HolidaySealings.StreamId, new { from = Iso(from), to = Iso(from.PlusDays(1)), reason = "并发封存" });
    }

    /// <summary>A sealing of its own to lift: the burst's winner lifts it, the others find it lifted already.</summary>
    private async Task<Target> SealingToLiftAsync()
    {
        var from = new LocalDate(2036, 7, 5).PlusDays(3 * _sealings++);
        var sealings = await app.PostAs(Pool, Role.FleetAdmin, "/api/sealings", new { from = Iso(from), to = Iso(from.PlusDays(1)), reason = "待解除的封存" });
        var id = sealings.GetProperty("items").EnumerateArray().First(s => s.GetProperty("from").GetString() == Iso(from)).GetProperty("sealingId").GetString()!;
        return new Target(id, HolidaySealings.StreamId, new { reason = "并发解除" });
    }

    /// <summary>The pool's next rate card: the burst's winner puts it in force, the others find their version stale.</summary>
    private async Task<Target> NextRateCardAsync()
    {
        var version = (await app.GetAs(Pool, Role.FleetAdmin, "/api/rate-card")).GetProperty("version").GetInt32() + 1;
        var rates = new[] { new { @class = "Sedan", perKm = 2m + version, perHour = 50m, halfDay = 180m, day = 300m, waitingPerHour = 30m, withDriverPerDay = 100m } };
        return new Target("", Fleet.Domain.Settlement.RateCard.StreamId, new { version, rates });
    }

    private int _statements;

    /// <summary>
    /// A month of the demo clerk's unit no statement was issued for, in a year of each route's own: the burst's winner issues
    /// it, the others find it issued.
    /// </summary>
    private Target FreshStatement(int year)
    {
        var month = new LocalDate(year, 1, 1).PlusMonths(_statements++).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        return new Target("", Fleet.Domain.Settlement.UnitStatement.StreamIdOf("JA0001", month), new { unit = "JA0001", month });
    }

    /// <summary>
    /// A statement of its own, issued (empty: the month has no trips), to answer or correct; for a correction the rate card
    /// moves on first, so that charging again makes a version that differs.
    /// </summary>
    private async Task<Target> IssuedStatementAsync(int year, object body, bool newCard = false)
    {
        var fresh = FreshStatement(year);
        await app.PostAs(Pool, Role.FleetAdmin, "/api/statements", fresh.Body);
        if (newCard)
        {
            var card = await NextRateCardAsync();
            await app.PostAs(Pool, Role.FleetAdmin, "/api/rate-card", card.Body);
        }
        return new Target(fresh.Stream.ToString(), fresh.Stream, body);
    }

    private static string Iso(LocalDate day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The next version of a year no other test publishes: the burst's winner publishes it, the others find their version stale.</summary>
    private async Task<Target> NextCalendarYearAsync()
    {
        const int year = 2035;
        int version;
        await using (var session = app.Store.QuerySession(FleetApp.CityPool))
            version = ((await session.LoadAsync<PublishedCalendarYear>(PublishedCalendarYear.StreamIdOf(year)))?.Latest.Version ?? 0) + 1;
        var body = new { version, holidays = new[] { new { name = "国庆节", from = $"{year}-10-01", to = $"{year}-10-07" } }, makeUpDays = Array.Empty<string>() };
        return new Target(year.ToString(System.Globalization.CultureInfo.InvariantCulture), PublishedCalendarYear.StreamIdOf(year), body);
    }

    private async Task<Target> NextReconciliationPolicyAsync()
    {
        var current = await app.GetAs(Pool, Role.FleetAdmin, "/api/reconciliation-policy");
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(current.GetRawText())!;
        body["version"] = current.GetProperty("version").GetInt32() + 1;
        return new Target("", CurrentReconciliationPolicy.StreamId, body);
    }

    private static object Geofence(string name) =>
        new { name, kind = "PrivateAddress", centre = new { latitude = 30.6, longitude = 114.3 }, radiusMetres = 100 };

    private async Task<Target> GeofenceAsync()
    {
        var id = (await app.PostAs(Pool, Role.Supervisor, "/api/geofences", Geofence($"并发测试{Next()}"), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        return new Target(id.ToString(), id, new { });
    }
}
