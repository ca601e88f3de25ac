using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Fleet.Server.Notifications;
using Fleet.Testing;
using Npgsql;

namespace Fleet.Benchmarks.Load;

/// <param name="Allocations">Samples the benchmark's allocations by type in each round's measured span and prints where on and off differ (<see cref="AllocationSampler"/>).</param>
/// <param name="FeedOnly">Adds a third setting to each round, the feed on with no channel configured, to part the feed's cost from the deliveries'.</param>
/// <param name="FarEndsLow">
/// The SMTP server and the robot receiver stand for other machines: in processes of their own at the lowest priority
/// (nice 19, every thread of them: <see cref="LowestPriority"/>) they take only the processor time the server, its clients
/// and the database leave. False runs them at the same priority as everything else, as the first runs did.
/// </param>
internal sealed record NotificationCostOptions(int Clients, int Seconds, int Rate, int Rounds, string? Output, bool FeedOnly = false, bool FarEndsLow = true,
    bool Allocations = false);

/// <summary>
/// What notifications cost the command path: the load's trips through the whole HTTP stack with notifications off and on,
/// in rounds taken in turn (off, on, off, on …) so that whatever drifts in the run weighs on both. On, the feed decides
/// every notice, everybody in the script has chosen e-mail (without quiet hours), the e-mail channel sends to a real SMTP
/// server on loopback and the 企业微信 robots of the pool and the unit post to a real HTTP receiver: deliveries go out while
/// the commands run. Off differs by <c>Fleet:Notifications:Enabled</c> alone. Each setting has its own copy of the prepared
/// database, so that the feed never reads what the other setting wrote. Each round counts, once the commands are answered,
/// how long the feed took to catch up, and whether every notification was made and every message received.
/// </summary>
internal static class NotificationCost
{
    private const string Unit = "ja0001";
    private static readonly string FeedShard = $"{NotificationFeed.Name}:All";

    private sealed record Setting(string Name, bool Notifies, bool Delivers, string ConnectionString);

    /// <param name="Trips">Every trip the round's server was sent, warm-up included.</param>
    /// <param name="Processor">Processor seconds a measured trip, from the closed loop's start until the notifications have caught up after the fixed rate.</param>
    /// <param name="Collections">What the benchmark's process (the server and the clients) allocated and collected over the same span, per measured trip.</param>
    /// <param name="Parts">PostgreSQL's share of <paramref name="Processor"/> by part, per measured trip.</param>
    private sealed record Round(int Number, Setting Setting, Tally Closed, Tally Open, Delivered? Delivered, Database Database, ProcessorTime Processor,
        DatabaseParts Parts, Collections Collections, int Trips);

    /// <summary>Bytes allocated, collections of each generation and time paused for them; a difference of two readings, then per trip.</summary>
    private readonly record struct Collections(double Allocated, double Gen0, double Gen1, double Gen2, double PausedMs)
    {
        public static Collections Now() => new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds);

        public static Collections operator -(Collections a, Collections b) =>
            new(a.Allocated - b.Allocated, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.PausedMs - b.PausedMs);

        public Collections Per(double trips) => new(Allocated / trips, Gen0, Gen1, Gen2, PausedMs / trips);
    }

    /// <summary>What the measured parts asked of the database, per trip: statements, WAL flushes to disk (each a wait for fsync), WAL bytes.</summary>
    private sealed record Database(double Statements, double WalSyncs, double WalBytes, long Checkpoints, long Autovacuums);

    private static TimeSpan WarmUp(NotificationCostOptions options) => TimeSpan.FromSeconds(Math.Min(10, options.Seconds));

    /// <summary>How many times longer the first round's warm-up is than the others'.</summary>
    private const int FirstWarmUps = 3;

    private const string Mark = StatementStatistics.Mark;

    /// <summary>What an on round made and the far ends received, and how far the feed lagged while the commands ran and after.</summary>
    private sealed record Delivered(int PerTrip, int Trips, long Notifications, long Mails, long MailsReceived, long Posts, long PostsReceived,
        long RobotRequests, long NotSent, double LagMedian, double LagMax, double CatchUpClosed, double CatchUpOpen);

    /// <summary>
    /// Counts of one database and the far ends, to take differences of. A robot hears several notices in one post, so
    /// <c>Posts</c> (robot deliveries queued) is matched by <c>PostsReceived</c>, the notices counted inside the posts.
    /// </summary>
    private sealed record Counts(long Notifications, long Mails, long Posts, long NotSent, long MailsReceived, long PostsReceived, long RobotRequests);

    public static async Task<string> RunAsync(NotificationCostOptions options)
    {
        // pg_stat_statements counts what each setting asks of the database; the measurement's own looks are marked and left out.
        await using var benchmark = new BenchmarkPostgres(settings: StatementStatistics.Settings());
        var prepared = await StatementStatistics.CreateDatabaseAsync(benchmark, "fleet");
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var robots = await RobotReceiverProcess.StartAsync(options.FarEndsLow);
        if (options.FarEndsLow)
            foreach (var id in ProcessorTime.SmtpServers()) LowestPriority.Apply(id);
        var capture = new SqlCapture();
        var captured = new List<CapturedRoundTrip>();
        var crews = Math.Max(options.Clients, 64);
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var warmUp = WarmUp(options);

        Console.WriteLine($"Setting up {crews} cars and drivers in 江岸, everybody choosing e-mail …");
        LoadFixture fixture;
        await using (var server = await LoadServer.StartAsync(prepared, capture, _ => captured, new Dictionary<string, string?> { ["Fleet:Notifications:Enabled"] = "false" }))
        {
            using var http = new HttpClient { BaseAddress = server.Address };
            var client = new FleetClient(http);
            fixture = await LoadFixture.PrepareAsync(client, crews);
            var office = await fixture.SignInAsync(client);
            var people = new[] { office.Clerk, office.Approver, office.Dispatcher }.Concat(fixture.Crews.Select(c => c.DriverToken)).ToList();
            for (var i = 0; i < people.Count; i++)
                await client.SendAsync(people[i], HttpMethod.Post, "/api/my/notification-preferences",
                    new { email = $"person{i}@jiangan.example.gov.cn", channels = new[] { "Email" } });
        }

        NpgsqlConnection.ClearAllPools();
        var settings = new List<Setting> { new("off", false, false, "fleet_off"), new("on", true, true, "fleet_on") };
        if (options.FeedOnly) settings.Insert(1, new Setting("feed only", true, false, "fleet_feed"));
        foreach (var database in settings.Select(s => s.ConnectionString))
            await BenchmarkPostgres.ExecuteAsync(benchmark.Server.AdminConnectionString, $"create database {database} template fleet");
        settings = settings.Select(s => s with { ConnectionString = benchmark.Server.ConnectionStringFor(s.ConnectionString) }).ToList();

        var rounds = new List<Round>();
        using var allocations = options.Allocations ? new AllocationSampler() : null;
        for (var number = 1; number <= options.Rounds; number++)
            foreach (var setting in settings)
            {
                // The servers run in this process: the first round's would otherwise pay for compiling what every later one reuses.
                var warming = number == 1 ? warmUp * FirstWarmUps : warmUp;
                Console.WriteLine($"Round {number}, notifications {setting.Name}: warm-up {warming.TotalSeconds:0} s, {options.Clients} clients for " +
                                  $"{options.Seconds} s, then {options.Rate} requests/s for {options.Seconds} s …");
                await using var server = await LoadServer.StartAsync(setting.ConnectionString, capture, _ => captured, Settings(setting, smtp, robots));
                var round = await RoundAsync(number, setting, server, fixture, smtp, robots, options, duration, warming, benchmark.PostmasterId, allocations);
                Console.WriteLine(Line(round));
                rounds.Add(round);
            }

        foreach (var setting in settings)
        {
            var trips = rounds.Where(r => r.Setting == setting).Sum(r => r.Trips);
            Console.WriteLine($"The statements most often run with notifications {setting.Name}, over every trip of its rounds:");
            Console.WriteLine(await StatementStatistics.BusiestAsync(setting.ConnectionString, trips, "a trip", "calls", 25));
            Console.WriteLine($"The statements that took PostgreSQL longest (planning and running) with notifications {setting.Name}, over every trip of its rounds:");
            Console.WriteLine(await StatementStatistics.BusiestAsync(setting.ConnectionString, trips, "a trip", "total_exec_time + total_plan_time", 25));
        }

        if (allocations is not null)
        {
            Console.WriteLine("Where the benchmark's process allocated more with notifications on:");
            Console.WriteLine(allocations.Report("off", "on"));
        }

        var updates = await DeliveryUpdatesAsync(settings.First(s => s.Delivers));
        Console.WriteLine(updates);
        var report = Report(options, settings, rounds, await BenchmarkPostgres.ScalarAsync<string>(prepared, "show server_version"), FarEnds(robots)) +
                     Environment.NewLine + updates + Environment.NewLine;
        await LoadHarness.PublishAsync(report, options.Output);
        return report;
    }

    /// <summary>Off and on, the same settings but the switch, so that the switch alone makes the difference; the feed alone has no channel.</summary>
    private static Dictionary<string, string?> Settings(Setting setting, TestSmtpServer smtp, RobotReceiverProcess robots) => setting is { Notifies: true, Delivers: false }
        ? new() { ["Fleet:Notifications:Enabled"] = "true" }
        : new()
    {
        ["Fleet:Notifications:Enabled"] = setting.Notifies ? "true" : "false",
        ["Fleet:Notifications:Email:Host"] = smtp.Host,
        ["Fleet:Notifications:Email:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Fleet:Notifications:Email:Security"] = "None",
        ["Fleet:Notifications:Email:FromAddress"] = "fleet@jiangan-motorpool.example.gov.cn",
        [$"Fleet:Notifications:WeCom:Robots:{FleetApp.JianganPool}"] = robots.Url("/wecom?key=pool").AbsoluteUri,
        [$"Fleet:Notifications:WeCom:Robots:{Unit}"] = robots.Url("/wecom?key=unit").AbsoluteUri,
    };

    /// <summary>
    /// One server's round: a warm-up, the closed loop, the fixed rate. On, a first trip alone shows how many notifications a
    /// trip makes, and before each measured part the feed and the deliveries have caught up, so each starts from nothing owed.
    /// </summary>
    private static async Task<Round> RoundAsync(int number, Setting setting, LoadServer server, LoadFixture fixture, TestSmtpServer smtp,
        RobotReceiverProcess robots, NotificationCostOptions options, TimeSpan duration, TimeSpan warmUp, int postmaster, AllocationSampler? allocations)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var client = new FleetClient(http);
        var office = await fixture.SignInAsync(client);

        var perTrip = 0;
        Counts start = await CountAsync(setting, smtp, robots);
        if (setting.Notifies)
        {
            await TripScript.DriveAsync(client, office, fixture.Crews[0], (_, _) => { }, Stopwatch.GetTimestamp());
            await CatchUpAsync(setting, smtp, robots, start);
            var one = await CountAsync(setting, smtp, robots);
            perTrip = (int)(one.Notifications - start.Notifications);
            start = one;
        }

        var warm = await CommandPath.ClosedLoopAsync(client, office, fixture.Crews, options.Clients, warmUp);
        if (setting.Notifies) await CatchUpAsync(setting, smtp, robots, start);
        await SettleAsync(setting);

        Tally closed, open;
        double catchUpClosed = 0, catchUpOpen = 0;
        var before = await DatabaseCountsAsync(setting);
        var processorBefore = ProcessorTime.Now(postmaster, robots.ProcessId);
        var collectionsBefore = Collections.Now();
        allocations?.Open(setting.Name);
        var partsBefore = ProcessorTime.PartsOf(postmaster);
        var lag = new List<double>();
        await using (var sampler = new ProjectionLag(setting.ConnectionString, FeedShard))
        {
            closed = await CommandPath.ClosedLoopAsync(client, office, fixture.Crews, options.Clients, duration);
            lag.AddRange(await sampler.StopAsync());
        }

        if (setting.Notifies) catchUpClosed = await CatchUpAsync(setting, smtp, robots, start);
        await using (var sampler = new ProjectionLag(setting.ConnectionString, FeedShard))
        {
            open = await CommandPath.OpenLoopAsync(client, office, fixture.Crews, options.Rate, duration);
            lag.AddRange(await sampler.StopAsync());
        }

        if (setting.Notifies) catchUpOpen = await CatchUpAsync(setting, smtp, robots, start);
        // Backends report their statements when idle; a moment lets the last ones in.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var after = await DatabaseCountsAsync(setting);
        var measuredTrips = (double)(closed.CountOf("finish") + open.CountOf("finish"));
        var processor = (ProcessorTime.Now(postmaster, robots.ProcessId) - processorBefore).Per(measuredTrips);
        var collections = (Collections.Now() - collectionsBefore).Per(measuredTrips);
        allocations?.Close(measuredTrips);
        var parts = (ProcessorTime.PartsOf(postmaster) - partsBefore).Per(measuredTrips);
        var database = new Database((after.Statements - before.Statements) / measuredTrips, (after.WalSyncs - before.WalSyncs) / measuredTrips,
            (after.WalBytes - before.WalBytes) / measuredTrips, after.Checkpoints - before.Checkpoints, after.Autovacuums - before.Autovacuums);
        var trips = (setting.Notifies ? 1 : 0) + warm.CountOf("finish") + closed.CountOf("finish") + open.CountOf("finish");
        if (!setting.Notifies) return new Round(number, setting, closed, open, null, database, processor, parts, collections, trips);

        var end = await CountAsync(setting, smtp, robots);
        lag.Sort();
        return new Round(number, setting, closed, open, new Delivered(perTrip,
            warm.CountOf("finish") + closed.CountOf("finish") + open.CountOf("finish"),
            end.Notifications - start.Notifications, end.Mails - start.Mails, end.MailsReceived - start.MailsReceived,
            end.Posts - start.Posts, end.PostsReceived - start.PostsReceived, end.RobotRequests - start.RobotRequests, end.NotSent,
            lag[lag.Count / 2], lag[^1], catchUpClosed, catchUpOpen), database, processor, parts, collections, trips);
    }

    /// <summary>
    /// Every round's measured part starts from the same state of its database: what the warm-up left is vacuumed and
    /// analysed, as autovacuum would have (the trips' trigram indexes' pending entries merged), and written out by a
    /// checkpoint, so that neither lands inside one round of one setting by chance. What still happens during a round is
    /// counted (<see cref="Database.Checkpoints"/>, <see cref="Database.Autovacuums"/>).
    /// </summary>
    private static async Task SettleAsync(Setting setting)
    {
        await BenchmarkPostgres.ExecuteAsync(setting.ConnectionString, "vacuum (analyze)");
        await BenchmarkPostgres.ExecuteAsync(setting.ConnectionString, "checkpoint");
    }

    /// <summary>
    /// Statements the setting's database has run (but the measurement's own), the cluster's WAL and checkpoints so far (one
    /// server runs at a time), and the visits autovacuum has paid the setting's tables.
    /// </summary>
    private static async Task<(long Statements, long WalSyncs, long WalBytes, long Checkpoints, long Autovacuums)> DatabaseCountsAsync(Setting setting)
    {
        await using var connection = new NpgsqlConnection(setting.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Mark + $"""
            select (select coalesce(sum(calls), 0)::bigint from pg_stat_statements
                    where dbid = (select oid from pg_database where datname = current_database()) and query not like '{Mark.Trim()}%'),
                   wal_sync, wal_bytes::bigint,
                   (select checkpoints_timed + checkpoints_req from pg_stat_bgwriter),
                   (select coalesce(sum(autovacuum_count + autoanalyze_count), 0)::bigint from pg_stat_user_tables)
            from pg_stat_wal
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    private static async Task<Counts> CountAsync(Setting setting, TestSmtpServer smtp, RobotReceiverProcess robots)
    {
        await using var connection = new NpgsqlConnection(setting.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Mark + """
            select (select count(*) from public.fleet_notifications),
                   (select count(*) from public.fleet_notification_deliveries where channel = 'Email'),
                   (select count(*) from public.fleet_notification_deliveries where channel = 'WeCom'),
                   (select count(*) from public.fleet_notification_deliveries where status <> 'sent')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (posts, notices) = await robots.CountAsync();
        return new Counts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), smtp.ReceivedCount(), notices, posts);
    }


    /// <summary>
    /// Waits until the feed has passed every event stored so far, every delivery is sent and the far ends have received as
    /// many messages as were queued since <paramref name="since"/>; answers how long that took after the last command's answer.
    /// </summary>
    private static async Task<double> CatchUpAsync(Setting setting, TestSmtpServer smtp, RobotReceiverProcess robots, Counts since)
    {
        var started = Stopwatch.GetTimestamp();
        var last = await BenchmarkPostgres.ScalarAsync<long>(setting.ConnectionString, Mark + "select coalesce(max(seq_id), 0) from public.mt_events");
        while (true)
        {
            var passed = await BenchmarkPostgres.ScalarAsync<long>(setting.ConnectionString,
                Mark + $"select coalesce(max(last_seq_id), 0) from public.mt_event_progression where name = '{FeedShard}'");
            var now = await CountAsync(setting, smtp, robots);
            if (passed >= last && now.NotSent == 0 && now.MailsReceived - since.MailsReceived >= now.Mails - since.Mails &&
                now.PostsReceived - since.PostsReceived >= now.Posts - since.Posts)
                return Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(5))
                throw new InvalidOperationException($"The notifications did not catch up within 5 minutes: the feed at {passed} of {last}, " +
                                                    $"{now.NotSent} deliveries not sent, {now.MailsReceived - since.MailsReceived} of {now.Mails - since.Mails} " +
                                                    $"mails and {now.PostsReceived - since.PostsReceived} of {now.Posts - since.Posts} robot notices received.");
            await Task.Delay(100);
        }
    }

    private static string Line(Round round) =>
        $"  closed loop {round.Closed.Throughput:0} commands/s, p50 {round.Closed.Percentile(null, 0.5):0.0} ms, p99 {round.Closed.Percentile(null, 0.99):0.0} ms; " +
        $"fixed rate p50 {round.Open.Percentile(null, 0.5):0.0} ms, p99 {round.Open.Percentile(null, 0.99):0.0} ms; " +
        $"processor a trip: server {round.Processor.Server * 1000:0} ms, PostgreSQL {round.Processor.Database * 1000:0} ms, SMTP server {round.Processor.Smtp * 1000:0} ms, robot receiver {round.Processor.Robots * 1000:0} ms; " +
        $"PostgreSQL: sessions {round.Parts.Sessions * 1000:0.0} ms, autovacuum {round.Parts.Autovacuum * 1000:0.0} ms, background {round.Parts.Background * 1000:0.0} ms, " +
        $"ended children {round.Parts.Ended * 1000:0.0} ms a trip; " +
        $"server and clients allocated {round.Collections.Allocated / 1024:0} KiB a trip, collections {round.Collections.Gen0:0} / {round.Collections.Gen1:0} / {round.Collections.Gen2:0} " +
        $"(generations 0 / 1 / 2), paused {round.Collections.PausedMs:0.00} ms a trip; " +
        $"during the round {round.Database.Checkpoints} checkpoints, {round.Database.Autovacuums} autovacuum visits" +
        (round.Delivered is { } d
            ? $"; {d.Notifications:N0} notifications ({d.PerTrip} a trip × {d.Trips:N0} trips), {d.MailsReceived:N0} of {d.Mails:N0} mails and " +
              $"{d.PostsReceived:N0} of {d.Posts:N0} robot notices received in {d.RobotRequests:N0} posts, feed lag p50 {d.LagMedian:0.00} s max {d.LagMax:0.00} s"
            : "");

    /// <summary>How many of the delivery log's row updates (claims and records) stayed on their page without new index entries (HOT).</summary>
    private static async Task<string> DeliveryUpdatesAsync(Setting setting)
    {
        // Each backend reports its counts when idle for a moment; the rounds are over, so a second lets the last ones in.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var connection = new NpgsqlConnection(setting.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Mark + "select n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where relname = 'fleet_notification_deliveries'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (all, hot) = (reader.GetInt64(0), reader.GetInt64(1));
        return $"The delivery log's row updates with notifications {setting.Name}, every round: {all:N0}, of which {hot:N0} HOT ({(all == 0 ? 0 : 100.0 * hot / all):0.0} %).";
    }

    /// <summary>The far ends' threads at the lowest priority when the rounds are over, of all their threads: the priority is each thread's.</summary>
    private static string FarEnds(RobotReceiverProcess robots)
    {
        var smtp = ProcessorTime.SmtpServers().Select(LowestPriority.Count).Aggregate((Lowest: 0, All: 0), (sum, c) => (sum.Lowest + c.Lowest, sum.All + c.All));
        var receiver = LowestPriority.Count(robots.ProcessId);
        return $"SMTP server {smtp.Lowest} of {smtp.All} threads, robot receiver {receiver.Lowest} of {receiver.All} threads at nice {LowestPriority.Nice} after the rounds";
    }

    private static string Report(NotificationCostOptions options, List<Setting> settings, List<Round> rounds, string postgresVersion, string farEnds)
    {
        var text = new StringBuilder();
        text.AppendLine($"### Notifications on against off ({DateTime.UtcNow:yyyy-MM-dd})");
        text.AppendLine();
        text.AppendLine($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
                        $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}, PostgreSQL {postgresVersion} with fsync on; server, clients, " +
                        "database, SMTP server and robot receiver on the same cores; " +
                        (options.FarEndsLow
                            ? $"the SMTP server and the robot receiver, which stand for other machines, in processes of their own with every thread at the lowest priority ({farEnds})."
                            : "every process at the same priority."));
        text.AppendLine($"Each trip is six commands: {string.Join(", ", TripScript.Commands)}. Per round: a warm-up of {WarmUp(options).TotalSeconds:0} s " +
                        $"({(WarmUp(options) * FirstWarmUps).TotalSeconds:0} s in the first, whose servers are the first in the process to run their code), " +
                        $"then {options.Clients} clients for {options.Seconds} s (closed loop), then {options.Rate} requests/s for {options.Seconds} s (timed from when due); {options.Rounds} rounds of each " +
                        "setting, taken in turn (off first); before each round's measured part its database is vacuumed, analysed and checkpointed.");
        text.AppendLine();
        text.AppendLine("| round | notifications | closed loop commands/s | closed p50 / p99 ms | fixed rate p50 / p99 ms | checkpoints / autovacuum visits in the round | notifications made (a trip × trips) | mails received / queued | robot notices received / queued (posts) | feed lag p50 / max s | caught up after closed / fixed s |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rounds)
        {
            var d = r.Delivered;
            text.AppendLine($"| {r.Number} | {r.Setting.Name} | {r.Closed.Throughput:0} | {r.Closed.Percentile(null, 0.5):0.0} / {r.Closed.Percentile(null, 0.99):0.0} | " +
                            $"{r.Open.Percentile(null, 0.5):0.0} / {r.Open.Percentile(null, 0.99):0.0} | {r.Database.Checkpoints} / {r.Database.Autovacuums} | " +
                            (d is null
                                ? "– | – | – | – | – |"
                                : $"{d.Notifications:N0} ({d.PerTrip} × {d.Trips:N0}{(d.Notifications == (long)d.PerTrip * d.Trips ? "" : ", MISSING")}) | " +
                                  $"{d.MailsReceived:N0} / {d.Mails:N0} | {d.PostsReceived:N0} / {d.Posts:N0} ({d.RobotRequests:N0}) | {d.LagMedian:0.00} / {d.LagMax:0.00} | " +
                                  $"{d.CatchUpClosed:0.0} / {d.CatchUpOpen:0.0} |"));
        }

        var closed = settings.ToDictionary(s => s, s => Tally.Together(rounds.Where(r => r.Setting == s).Select(r => r.Closed)));
        var open = settings.ToDictionary(s => s, s => Tally.Together(rounds.Where(r => r.Setting == s).Select(r => r.Open)));
        var off = settings[0];
        var others = settings.Skip(1).ToList();
        text.AppendLine();
        text.AppendLine("All rounds of a setting together, and each against off:");
        text.AppendLine();
        text.AppendLine($"| measure | off | {string.Join(" | ", others.Select(s => $"{s.Name} | {s.Name} / off"))} |");
        text.AppendLine($"|---|---:|{string.Concat(others.Select(_ => "---:|---:|"))}");
        Compare("closed loop: commands/s", t => closed[t].Throughput);
        Compare("closed loop: p50 ms", t => closed[t].Percentile(null, 0.5));
        Compare("closed loop: p99 ms", t => closed[t].Percentile(null, 0.99));
        Compare($"{options.Rate} requests/s: p50 ms", t => open[t].Percentile(null, 0.5));
        Compare($"{options.Rate} requests/s: p99 ms", t => open[t].Percentile(null, 0.99));
        Compare("database: statements a trip", t => rounds.Where(r => r.Setting == t).Average(r => r.Database.Statements));
        Compare("database: WAL flushes a trip", t => rounds.Where(r => r.Setting == t).Average(r => r.Database.WalSyncs));
        Compare("database: WAL KiB a trip", t => rounds.Where(r => r.Setting == t).Average(r => r.Database.WalBytes) / 1024);
        Compare("processor ms a trip: server and clients", t => rounds.Where(r => r.Setting == t).Average(r => r.Processor.Server) * 1000);
        Compare("processor ms a trip: PostgreSQL", t => rounds.Where(r => r.Setting == t).Average(r => r.Processor.Database) * 1000);
        Compare("processor ms a trip: PostgreSQL's sessions", t => rounds.Where(r => r.Setting == t).Average(r => r.Parts.Sessions) * 1000);
        Compare("processor ms a trip: PostgreSQL's autovacuum, live and ended children", t => rounds.Where(r => r.Setting == t).Average(r => r.Parts.Autovacuum + r.Parts.Ended) * 1000);
        Compare("processor ms a trip: PostgreSQL's background processes", t => rounds.Where(r => r.Setting == t).Average(r => r.Parts.Background) * 1000);
        Compare("processor ms a trip: SMTP server", t => rounds.Where(r => r.Setting == t).Average(r => r.Processor.Smtp) * 1000);
        Compare("processor ms a trip: robot receiver", t => rounds.Where(r => r.Setting == t).Average(r => r.Processor.Robots) * 1000);
        Compare("processor ms a trip: Fleet (server, clients, PostgreSQL)", t => rounds.Where(r => r.Setting == t).Average(r => r.Processor.Server + r.Processor.Database) * 1000);
        Compare("server and clients: KiB allocated a trip", t => rounds.Where(r => r.Setting == t).Average(r => r.Collections.Allocated) / 1024);
        Compare("server and clients: collections of generation 2 a round", t => rounds.Where(r => r.Setting == t).Average(r => r.Collections.Gen2));
        Compare("server and clients: ms paused for collections a trip", t => rounds.Where(r => r.Setting == t).Average(r => r.Collections.PausedMs));
        Compare("processor ms a trip: all", t => rounds.Where(r => r.Setting == t).Average(r => r.Processor.Server + r.Processor.Database + r.Processor.Smtp + r.Processor.Robots) * 1000);
        text.AppendLine();
        text.AppendLine("Each round against the off round of its own number: the median of the rounds' ratios, then each round's. The machine's " +
                        "load drifts from round to round, less within one, so a single bad round moves the pooled figures above and not these.");
        text.AppendLine();
        text.AppendLine($"| measure | {string.Join(" | ", others.Select(s => $"{s.Name} / off"))} |");
        text.AppendLine($"|---|{string.Concat(others.Select(_ => "---:|"))}");
        Paired("closed loop: commands/s", r => r.Closed.Throughput);
        Paired("closed loop: p50 ms", r => r.Closed.Percentile(null, 0.5));
        Paired("closed loop: p99 ms", r => r.Closed.Percentile(null, 0.99));
        Paired($"{options.Rate} requests/s: p50 ms", r => r.Open.Percentile(null, 0.5));
        Paired($"{options.Rate} requests/s: p99 ms", r => r.Open.Percentile(null, 0.99));
        text.AppendLine();
        text.AppendLine($"| command | {string.Join(" | ", settings.Select(s => $"closed p50 / p99 ms, {s.Name}"))} | {string.Join(" | ", settings.Select(s => $"fixed rate p50 / p99 ms, {s.Name}"))} |");
        text.AppendLine($"|---|{string.Concat(settings.Select(_ => "---:|---:|"))}");
        foreach (var command in TripScript.Commands)
            text.AppendLine($"| {command} | {string.Join(" | ", settings.Select(s => Latencies(closed[s], command)))} | {string.Join(" | ", settings.Select(s => Latencies(open[s], command)))} |");
        return text.ToString();

        void Compare(string name, Func<Setting, double> measure) =>
            text.AppendLine($"| {name} | {measure(off):0.0} | {string.Join(" | ", others.Select(s => $"{measure(s):0.0} | {(measure(off) > 0 ? (measure(s) / measure(off)).ToString("0.00", CultureInfo.InvariantCulture) : "–")}"))} |");

        void Paired(string name, Func<Round, double> measure) =>
            text.AppendLine($"| {name} | {string.Join(" | ", others.Select(setting =>
            {
                var ratios = rounds.Where(r => r.Setting == setting)
                    .Select(r => measure(r) / measure(rounds.Single(o => o.Number == r.Number && o.Setting == off))).ToList();
                return $"**{Median.Of(ratios):0.00}** ({string.Join(", ", ratios.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))})";
            }))} |");

        static string Latencies(Tally tally, string command) => $"{tally.Percentile(command, 0.5):0.0} / {tally.Percentile(command, 0.99):0.0}";
    }
}
