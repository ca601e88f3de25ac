using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Fleet.Testing;
using Npgsql;

namespace Fleet.Benchmarks.Load;

internal sealed record LoadOptions(int Clients, int Seconds, int Rate, string? Output, bool DumpSql, bool ProcessOnly = false,
    IReadOnlyDictionary<string, string>? ServerEnvironment = null, int ProcessWarmUpSeconds = 60, string? ServerExecutable = null, int Rounds = 3)
{
    /// <summary>Which server ran in a process of its own, for the report.</summary>
    public string ServerDescription => ServerExecutable ?? "the Release build";
}

/// <summary>
/// One run, on a PostgreSQL of its own with production durability (fsync on): the SQL of a trip's six commands
/// captured from Marten and replayed straight through Npgsql by <see cref="LoadOptions.Clients"/> writers (the floor),
/// then the same commands through Fleet's whole HTTP stack by as many clients (closed loop), then at a fixed arrival
/// rate (open loop, timed from when each request was due), then at that rate against the server in a process of its own,
/// whose memory is read meanwhile, in rounds that take turns with the floor at the same rate. Prints and writes one Markdown
/// report.
/// </summary>
internal static class LoadHarness
{
    /// <summary>Measures and answers the Markdown report it also prints (and writes, if asked).</summary>
    public static async Task<string> RunAsync(LoadOptions options)
    {
        await using var benchmark = new BenchmarkPostgres();
        var postgres = benchmark.Server;
        var fleet = benchmark.CreateDatabase("fleet");
        var crews = Math.Max(options.Clients, 64);
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var capture = new SqlCapture();
        var captured = new Dictionary<string, List<CapturedRoundTrip>>();

        Console.WriteLine($"Setting up {crews} cars and drivers in 江岸 …");
        Guid capturedTrip;
        LoadFixture fixture;
        await using (var server = await LoadServer.StartAsync(fleet, capture, key => Captured(captured, key)))
        {
            using var http = new HttpClient { BaseAddress = server.Address };
            var client = new FleetClient(http);
            fixture = await LoadFixture.PrepareAsync(client, crews);
            var office = await fixture.SignInAsync(client);
            // A few trips first, so that the capture holds what every trip costs, not first-use schema checks.
            for (var i = 0; i < 5; i++) await TripScript.DriveAsync(client, office, fixture.Crews[0], (_, _) => { }, Stopwatch.GetTimestamp());
            capturedTrip = await TripScript.DriveAsync(client, office, fixture.Crews[0], (_, _) => { }, Stopwatch.GetTimestamp(), command => command);
        }

        if (options.DumpSql)
        {
            foreach (var command in TripScript.Commands) Dump(command, captured[command]);
            return "";
        }

        if (options.ProcessOnly)
        {
            var solo = await ServerAloneAsync(fleet, fixture, duration, options, floorRound: null);
            var only = solo.Server;
            var settings = options.ServerEnvironment is { Count: > 0 } environment ? string.Join(", ", environment.Select(e => $"{e.Key}={e.Value}")) : "defaults";
            var line = $"server in a process of its own ({options.ServerDescription}; {settings}; warmed up for " +
                       $"{solo.WarmUp.TotalSeconds:0} s) at {options.Rate} requests/s for {options.Seconds} s: {only.Count:N0} commands, " +
                       $"p50 {only.Percentile(null, 0.5):0.0} ms, p95 {only.Percentile(null, 0.95):0.0} ms, p99 {only.Percentile(null, 0.99):0.0} ms, " +
                       $"max {only.Percentile(null, 1):0.0} ms; resident {solo.Memory.Mean / (1 << 20)} MiB on average, {solo.Memory.Peak / (1 << 20)} MiB peak" +
                       (only.Stalled(5) is { Count: > 0 } stalled ? "; over half a second (finished, UTC): " + Listed(stalled) : "") +
                       (solo.LoadPauses is { Count: > 0 } paused ? "; the load's own process paused (woke, UTC): " + Listed(paused) : "");
            Console.WriteLine(line);
            return line;
        }

        Console.WriteLine($"The floor: the captured SQL replayed by {options.Clients} writers for {options.Seconds} s …");
        NpgsqlConnection.ClearAllPools();
        await BenchmarkPostgres.ExecuteAsync(postgres.AdminConnectionString, "create database fleet_floor template fleet");
        try
        {
            var copy = postgres.ConnectionStringFor("fleet_floor");
            await using var source = SqlFloor.DataSource(copy);
            var replayed = TripScript.Commands.Select(c => (c, (IReadOnlyList<CapturedRoundTrip>)captured[c])).ToList();
            var crewIds = Enumerable.Range(0, crews).Select(fixture.Ids).ToList();
            var floor = await SqlFloor.RunAsync(source, replayed, capturedTrip, fixture.Ids(0), crewIds, options.Clients, duration);
            // As the server is warmed up at the rate before it is measured, and after the closed loop's writes have been checkpointed.
            Console.WriteLine($"The floor at {options.Rate} requests/s: 10 s to warm up, then {options.Seconds} s …");
            await BenchmarkPostgres.ExecuteAsync(copy, "checkpoint");
            await SqlFloor.AtRateAsync(source, replayed, capturedTrip, fixture.Ids(0), crewIds, options.Rate, TimeSpan.FromSeconds(10));
            var floorAtRate = await SqlFloor.AtRateAsync(source, replayed, capturedTrip, fixture.Ids(0), crewIds, options.Rate, duration);

            Tally closed, open;
            long workingSet, heap;
            await using (var server = await LoadServer.StartAsync(fleet, capture, key => Captured(captured, key)))
            {
                using var http = new HttpClient { BaseAddress = server.Address };
                var client = new FleetClient(http);
                var office = await fixture.SignInAsync(client);
                Console.WriteLine("Warming up the command path …");
                await CommandPath.ClosedLoopAsync(client, office, fixture.Crews, options.Clients, TimeSpan.FromSeconds(Math.Min(10, options.Seconds)));
                Console.WriteLine($"The command path: {options.Clients} clients for {options.Seconds} s …");
                closed = await CommandPath.ClosedLoopAsync(client, office, fixture.Crews, options.Clients, duration);
                Console.WriteLine($"The command path at {options.Rate} requests/s for {options.Seconds} s …");
                open = await CommandPath.OpenLoopAsync(client, office, fixture.Crews, options.Rate, duration);
                workingSet = Environment.WorkingSet;
                heap = GC.GetGCMemoryInfo().HeapSizeBytes;
            }

            // The floor takes turns with the server in its own process, so that both are measured in the same minutes: on this
            // machine a run's figures move by a third from one quarter of an hour to the next, which a floor measured minutes
            // before would put into the ratio.
            var alone = await ServerAloneAsync(fleet, fixture, duration, options,
                length => SqlFloor.AtRateAsync(source, replayed, capturedTrip, fixture.Ids(0), crewIds, options.Rate, length));

            var events = await BenchmarkPostgres.ScalarAsync<long>(fleet, "select count(*) from public.mt_events");
            var report = Report(options, floor, floorAtRate, closed, open, alone, workingSet, heap, events,
                await BenchmarkPostgres.ScalarAsync<string>(fleet, "show server_version"));
            await PublishAsync(report, options.Output);
            return report;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await BenchmarkPostgres.ExecuteAsync(postgres.AdminConnectionString, "drop database if exists fleet_floor with (force)");
        }
    }

    /// <summary>Prints a measurement's report and, when asked, writes it to <paramref name="output"/>.</summary>
    internal static async Task PublishAsync(string report, string? output)
    {
        Console.WriteLine();
        Console.WriteLine(report);
        if (output is null) return;
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine($"Written to {output}");
    }

    /// <summary>What the server in a process of its own did: each measured round with the floor's run that took turns with it.</summary>
    private sealed record ServerAlone(IReadOnlyList<(Tally? Floor, Tally Server)> Rounds, (long Mean, long Peak) Memory, TimeSpan WarmUp,
        IReadOnlyList<(DateTime Woke, TimeSpan Late)> LoadPauses)
    {
        public Tally Server => Tally.Together(Rounds.Select(r => r.Server));

        /// <summary>Each round's p99 over the floor's in the same round, where the floor took turns.</summary>
        public IReadOnlyList<double> Ratios => Rounds.Where(r => r.Floor is not null)
            .Select(r => r.Server.Percentile(null, 0.99) / r.Floor!.Percentile(null, 0.99)).ToList();
    }

    /// <summary>
    /// The fixed-rate run again, against the server started as its own process (the build the benchmarks reference, or a
    /// published one, in Production), so that its memory is read apart from the load generator's. A fresh process
    /// compiles its hot code again, optimised, in the background: 60–80 s at this rate on two cores, half the server's
    /// processor meanwhile (docs/performance.md, "The floor's tail was its new pool, the server's its compiler"). So it is warmed up at the same
    /// rate for <see cref="LoadOptions.ProcessWarmUpSeconds"/>, then in slices of 20 s for as long as each slice costs it
    /// clearly less processor time than the one before, so that the run measures the server, not its compiler. Given
    /// <paramref name="floorRound"/>, it is then measured in <see cref="LoadOptions.Rounds"/> rounds, each after a run of the
    /// floor at the same rate; without, once.
    /// </summary>
    private static async Task<ServerAlone> ServerAloneAsync(string connectionString, LoadFixture fixture, TimeSpan duration, LoadOptions options,
        Func<TimeSpan, Task<Tally>>? floorRound)
    {
        Console.WriteLine($"The command path at {options.Rate} requests/s, the server in a process of its own …");
        var signingKey = Path.Combine(Path.GetTempPath(), $"fleet-benchmark-{Environment.ProcessId}-signing-key.pem");
        var settings = ServerProcess.UnderLoad(connectionString, "Solo", signingKey);
        foreach (var (name, value) in options.ServerEnvironment ?? new Dictionary<string, string>()) settings[name] = value;
        await using var server = ServerProcess.Start(options.ServerExecutable, settings);
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            var client = new FleetClient(http);
            var office = await fixture.SignInAsync(client);
            await CommandPath.OpenLoopAsync(client, office, fixture.Crews, options.Rate, TimeSpan.FromSeconds(options.ProcessWarmUpSeconds));
            var settled = await SettleAsync(client, office, fixture, options, server.ProcessId);
            await using var memory = new ProcessMemory(server.ProcessId);
            using var pauses = new Pauses();
            var rounds = new List<(Tally? Floor, Tally Server)>();
            for (var round = 1; round <= (floorRound is null ? 1 : Math.Max(1, options.Rounds)); round++)
            {
                Tally? floor = null;
                if (floorRound is not null)
                {
                    // The server works off what its last commands set going (projections, subscriptions, the audit chain)
                    // before the floor runs beside it. Each run follows a checkpoint, then is warmed up at the rate before it
                    // is timed, as the floor's first run at the rate is: right after a checkpoint every page's first change
                    // carries the whole page into the WAL, and the server has idled through the floor's turn.
                    var quiet = await QuietAsync(server.ProcessId);
                    Console.WriteLine($"  round {round}: the server quiet after {quiet.TotalSeconds:0} s; the floor at the rate …");
                    await BenchmarkPostgres.ExecuteAsync(connectionString, "checkpoint");
                    await floorRound(RoundWarmUp);
                    floor = await floorRound(duration);
                    Console.WriteLine($"  round {round}: the server at the rate …");
                    await BenchmarkPostgres.ExecuteAsync(connectionString, "checkpoint");
                    await CommandPath.OpenLoopAsync(client, office, fixture.Crews, options.Rate, RoundWarmUp);
                }

                rounds.Add((floor, await CommandPath.OpenLoopAsync(client, office, fixture.Crews, options.Rate, duration)));
            }

            return new ServerAlone(rounds, await memory.StopAsync(), TimeSpan.FromSeconds(options.ProcessWarmUpSeconds) + settled, pauses.Seen(10));
        }
        finally
        {
            File.Delete(signingKey);
        }
    }

    /// <summary>How long each run of a round goes untimed at the rate before it is measured.</summary>
    private static readonly TimeSpan RoundWarmUp = TimeSpan.FromSeconds(10);

    /// <summary>Waits, for at most a minute, until a second costs the process less than a twentieth of a core; answers how long.</summary>
    private static async Task<TimeSpan> QuietAsync(int process)
    {
        var waited = TimeSpan.Zero;
        while (waited < TimeSpan.FromMinutes(1))
        {
            var before = ProcessorTime.OfProcess(process);
            await Task.Delay(TimeSpan.FromSeconds(1));
            waited += TimeSpan.FromSeconds(1);
            if (ProcessorTime.OfProcess(process) - before < 0.05) break;
        }

        return waited;
    }

    /// <summary>At the rate in slices of 20 s until a slice costs the server at least 95 % of the one before, for at most 4 minutes; answers how long.</summary>
    private static async Task<TimeSpan> SettleAsync(FleetClient client, Office office, LoadFixture fixture, LoadOptions options, int server)
    {
        var slice = TimeSpan.FromSeconds(20);
        double? before = null;
        var settled = TimeSpan.Zero;
        while (settled < TimeSpan.FromMinutes(4))
        {
            var start = ProcessorTime.OfProcess(server);
            await CommandPath.OpenLoopAsync(client, office, fixture.Crews, options.Rate, slice);
            var used = ProcessorTime.OfProcess(server) - start;
            settled += slice;
            Console.WriteLine($"  warming up: the server used {used:0.0} s of processor in {slice.TotalSeconds:0} s at the rate");
            if (before is { } last && used >= 0.95 * last) break;
            before = used;
        }

        return settled;
    }

    private static List<CapturedRoundTrip> Captured(Dictionary<string, List<CapturedRoundTrip>> captured, string key)
    {
        lock (captured) return captured.TryGetValue(key, out var list) ? list : captured[key] = [];
    }

    private static string Report(LoadOptions options, Tally floor, Tally floorAtRate, Tally closed, Tally open, ServerAlone solo, long workingSet,
        long heap, long events, string postgresVersion)
    {
        var alone = solo.Server;
        var text = new StringBuilder();
        text.AppendLine($"### Command path against the floor ({DateTime.UtcNow:yyyy-MM-dd})");
        text.AppendLine();
        text.AppendLine($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
                        $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}, PostgreSQL {postgresVersion}, embedded PostgreSQL with fsync on; " +
                        $"server, clients and database on the same cores.");
        text.AppendLine($"Each trip is six commands: {string.Join(", ", TripScript.Commands)}. {options.Clients} concurrent writers or clients, " +
                        $"{options.Seconds} s each; {events:N0} events stored at the end.");
        text.AppendLine();
        text.AppendLine("| run | commands | commands/s | ratio to the floor | p50 ms | p95 ms | p99 ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        Row("the floor: captured SQL through Npgsql (baseline)", floor);
        Row($"the floor at {options.Rate} requests/s (timed from when due)", floorAtRate);
        Row("the command path: HTTP, closed loop", closed);
        Row($"the command path: HTTP at {options.Rate} requests/s (timed from when due)", open);
        Row($"the same, the server in a process of its own ({options.ServerDescription}, after {solo.WarmUp.TotalSeconds:0} s at that rate, until its " +
            $"processor time stopped falling), its {solo.Rounds.Count} rounds together", alone);
        for (var round = 0; round < solo.Rounds.Count; round++)
        {
            if (solo.Rounds[round].Floor is { } turn) Row($"round {round + 1}: the floor at {options.Rate} requests/s", turn);
            Row($"round {round + 1}: the server in a process of its own at {options.Rate} requests/s", solo.Rounds[round].Server);
        }

        text.AppendLine();
        for (var round = 0; round < solo.Rounds.Count; round++)
            if (solo.Rounds[round].Server.Stalled(5) is { Count: > 0 } stalled)
                text.AppendLine($"Round {round + 1}, the server's commands over half a second, the slowest first (finished, UTC): {Listed(stalled)}.");
        text.AppendLine(solo.LoadPauses.Count == 0
            ? "The load's own process was never paused over a tenth of a second during the rounds."
            : $"The load's own process paused over a tenth of a second during the rounds, the longest first (woke, UTC): {Listed(solo.LoadPauses)}.");
        text.AppendLine();
        var ratios = solo.Ratios;
        text.AppendLine($"At {options.Rate} requests/s, p99 against the floor's at the same rate: in process {open.Percentile(null, 0.99) / floorAtRate.Percentile(null, 0.99):0.00} " +
                        $"(against the floor's run before it); the server in a process of its own against the floor's run in the same round, " +
                        $"**{Median.Of(ratios):0.00}** at the median of {ratios.Count} rounds ({string.Join(", ", ratios.Select(r => r.ToString("0.00")))}) (target ≤ 2).");
        text.AppendLine();
        text.AppendLine("| command | floor p50 / p99 ms | floor at the rate p50 / p99 ms | closed loop p50 / p99 ms | fixed rate p50 / p99 ms | own process at the rate p50 / p99 ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var command in TripScript.Commands)
            text.AppendLine($"| {command} | {Latencies(floor, command)} | {Latencies(floorAtRate, command)} | {Latencies(closed, command)} | " +
                            $"{Latencies(open, command)} | {Latencies(alone, command)} |");
        text.AppendLine();
        text.AppendLine($"The server's own memory during its rounds in a process of its own: resident {solo.Memory.Mean / (1 << 20)} MiB on average, " +
                        $"{solo.Memory.Peak / (1 << 20)} MiB at the peak. The in-process runs' process (server and load generator together) after the " +
                        $"fixed-rate run: working set {workingSet / (1 << 20)} MiB, managed heap {heap / (1 << 20)} MiB.");
        return text.ToString();

        static string Latencies(Tally tally, string command) => $"{tally.Percentile(command, 0.5):0.0} / {tally.Percentile(command, 0.99):0.0}";

        void Row(string name, Tally tally) =>
            text.AppendLine($"| {name} | {tally.Count:N0} | {tally.Throughput:0} | {tally.Throughput / floor.Throughput:0.00} | " +
                            $"{tally.Percentile(null, 0.5):0.0} | {tally.Percentile(null, 0.95):0.0} | {tally.Percentile(null, 0.99):0.0} |");
    }

    private static string Listed(IEnumerable<(DateTime Finished, string Command, double Milliseconds)> stalled) =>
        string.Join("; ", stalled.Select(s => $"{s.Finished:HH:mm:ss.fff} {s.Command} {s.Milliseconds:N0} ms"));

    private static string Listed(IEnumerable<(DateTime Woke, TimeSpan Late)> pauses) =>
        string.Join("; ", pauses.Select(p => $"{p.Woke:HH:mm:ss.fff} {p.Late.TotalMilliseconds:N0} ms"));

    private static void Dump(string command, IReadOnlyList<CapturedRoundTrip> trips)
    {
        Console.WriteLine($"== {command}: {trips.Count} round trips");
        foreach (var trip in trips)
        {
            Console.WriteLine($"-- round trip of {trip.Statements.Count}");
            foreach (var statement in trip.Statements)
                Console.WriteLine($"   {statement.Sql.ReplaceLineEndings(" ")[..Math.Min(200, statement.Sql.Length)]}  [{string.Join(", ",
                    statement.Parameters.Select(p => $"{p.NpgsqlDbType}:{Short(p.Value)}"))}]");
        }

        static string Short(object? value) => value switch
        {
            null => "null",
            string s => s.Length > 30 ? s[..30] + "…" : s,
            Array a => $"[{a.Length}]",
            _ => value.ToString() ?? "",
        };
    }
}
