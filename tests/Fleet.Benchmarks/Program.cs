using BenchmarkDotNet.Running;
using Fleet.Samples.DemoHost;
using Fleet.Benchmarks;
using Fleet.Benchmarks.Candidates;
using Fleet.Benchmarks.Load;

// `dotnet run -c Release --project tests/Fleet.Benchmarks -- --filter '*'` runs every BenchmarkDotNet benchmark;
// `… -- candidates-endpoint [requests]` measures the candidate list through the whole server;
// `… -- load [--clients N] [--seconds S] [--rate R] [--rounds 3] [--out file.md]` measures the command path against the floor, the
// server in a process of its own in rounds that take turns with the floor at the same rate (`--dump-sql` prints the statements captured for one trip instead; `--process-only` runs only the fixed rate against the
// server in a process of its own, after `--process-warm-up S` seconds (60) at that rate and then until a 20 s slice costs it at
// least 95 % of the processor time of the one before (its compiler done), and `--server-env NAME=value,…` sets
// that process's environment, to compare settings; `--server-exe path` runs a published server there instead of the build);
// `… -- notifications [--clients N] [--seconds S] [--rate R] [--rounds 3] [--feed-only] [--allocations] [--out file.md]` measures the command path with
// notifications off and on in turn, on (e-mail to an SMTP server and robot posts to a receiver, both on loopback) counting what was
// delivered (`--feed-only` adds the feed without channels to each round; `--allocations` samples allocations by type and prints where
// on and off differ; the SMTP server and the robot receiver run at the lowest
// priority, standing for other machines, unless `--far-ends-normal`);
// `… -- statements [--trips 64] [--warm-up 10] [--rest 10] [--out file.md]` counts the round trips and statements of each command of a
// trip, with what it sets going in the background and the connection resets, against the server at rest;
// `… -- floors [--connections 16] [--seconds 20] [--warm-up 60] [--out file.md]` measures a trip request and a trip read against a one-row insert
// and a primary-key select of the trip's document through Npgsql, in the same run;
// `… -- queries [requests]` measures the dashboards and logbooks over a year of a 1,000-car pool;
// `… -- rebuild [0.25,1] [--rounds 5] [--data dir] [--only Trip,LogbookTotals] [--pg max_wal_size=4GB] [--statements]` rebuilds every projection over the
// demo city at each size, the sizes in turn each round, and reports the medians (with --data, the cluster is kept there and a size loaded
// once is not loaded again; --statements lists what PostgreSQL spent each rebuild's time on);
// `… -- audit [1,2.5] [--data dir] [--after 10000,25000] [--rounds 3] [--out file.md]` verifies the audit chain of the demo city at each size
// from a signed checkpoint with that many events after it, against the full run from the first event (the city loaded as `rebuild` loads it);
// `… -- storage [1] [--data dir] [--out file.md]` measures what the demo city's history takes on disk per event, per trip and per car
// a year (the city loaded as `rebuild` loads it), for docs/scale.md;
// `… -- pages [--sizes 0.25,1] [requests]` times every page each role sees over the demo city's fleet with a share of its year
// of history at each size (0.25: three months), to show which pages grow with the history;
// `… -- records [--rows 100000] [--cars 200] [--out file.md]` measures the import of an issuer's export against a binary COPY of
// the same rows (docs/records.md).
// `… -- positions [--terminals 512] [--seconds 15] [--batch 25] [--rounds 3] [--hold-terminals 5000] [--hold-seconds 60] [--cars 1000] [--requests 20]
// [--reconciliations 1] [--out file.md]` measures positions: ingest through the JT/T 808 gateway against three COPYs, terminals held at one
// report every ten seconds, a trip's track, the live map and a day's check of a pool against plain SQL, and the bytes a position takes;
// `… -- all [--sizes 0.25,1] [--out report.md]` runs every measurement above and the start-up script into one report.
// See docs/performance.md.
switch (args)
{
    case ["all", ..]:
        await AllMeasurements.RunAsync(args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? $"fleet-performance-{DateTime.UtcNow:yyyy-MM-dd}.md",
            Sizes(Text("--sizes") ?? "0.25,1"), Fleet.Benchmarks.Pages.PageMeasurement.Histories(Text("--sizes") ?? "0.25,1"));
        return;
    case ["pages", ..]:
        await Fleet.Benchmarks.Pages.PageMeasurement.RunAsync(Fleet.Benchmarks.Pages.PageMeasurement.Histories(Text("--sizes") ?? "0.25,1"),
            args.Skip(1).Where((a, i) => !a.StartsWith("--") && (i == 0 || args[i] != "--sizes")).Select(int.Parse).FirstOrDefault(20));
        return;
    case ["candidates-endpoint", ..]:
        await CandidateEndpointMeasurement.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 300);
        return;
    case ["queries", ..]:
        await Fleet.Benchmarks.Queries.QueryMeasurement.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 200);
        return;
    case ["rebuild", ..]:
        await Fleet.Benchmarks.Projections.RebuildMeasurement.RunAsync(Sizes(args.Length > 1 && !args[1].StartsWith("--") ? args[1] : "0.25,1"),
            Text("--data"), Text("--only")?.Split(','),
            Settings("--pg"), Option("--rounds", 5), args.Contains("--statements"));
        return;
    case ["audit", ..]:
        var audit = await Fleet.Benchmarks.Integrity.AuditVerificationMeasurement.RunAsync(
            Sizes(args.Length > 1 && !args[1].StartsWith("--") ? args[1] : "1,2.5"), Text("--data"),
            (Text("--after") ?? "10000,25000").Split(',').Select(int.Parse).ToList(), Option("--rounds", 3));
        if (Text("--out") is { } auditReport) await File.WriteAllTextAsync(auditReport, audit);
        return;
    case ["storage", ..]:
        var storage = await Fleet.Benchmarks.Storage.StorageMeasurement.RunAsync(Sizes(args.Length > 1 && !args[1].StartsWith("--") ? args[1] : "1"), Text("--data"));
        Console.WriteLine(storage);
        if (Text("--out") is { } storageReport) await File.WriteAllTextAsync(storageReport, storage);
        return;
    case ["notifications", ..]:
        await NotificationCost.RunAsync(new NotificationCostOptions(Clients: Option("--clients", 8), Seconds: Option("--seconds", 25),
            Rate: Option("--rate", 200), Rounds: Option("--rounds", 3), Output: Text("--out"),
            FeedOnly: args.Contains("--feed-only"), FarEndsLow: !args.Contains("--far-ends-normal"),
            Allocations: args.Contains("--allocations")));
        return;
    case ["statements", ..]:
        await StatementCount.RunAsync(new StatementCountOptions(Trips: Option("--trips", 64), WarmUpTrips: Option("--warm-up", 10),
            RestSeconds: Option("--rest", 10), Output: Text("--out")));
        return;
    case ["floors", ..]:
        await FloorRatios.RunAsync(new FloorOptions(Connections: Option("--connections", 16), Seconds: Option("--seconds", 20),
            WarmUpSeconds: Option("--warm-up", 60), Output: Text("--out")));
        return;
    case [RobotReceiverProcess.Mode]:
        await RobotReceiverProcess.ServeAsync();
        return;
    case ["positions", ..]:
        var positions = new Fleet.Benchmarks.Positions.PositionOptions();
        await Fleet.Benchmarks.Positions.PositionMeasurement.RunAsync(positions with
        {
            Terminals = Option("--terminals", positions.Terminals), Seconds = Option("--seconds", positions.Seconds),
            Batch = Option("--batch", positions.Batch), HoldTerminals = Option("--hold-terminals", positions.HoldTerminals),
            HoldSeconds = Option("--hold-seconds", positions.HoldSeconds), Cars = Option("--cars", positions.Cars),
            Requests = Option("--requests", positions.Requests), Reconciliations = Option("--reconciliations", positions.Reconciliations),
            Rounds = Option("--rounds", positions.Rounds), Output = Text("--out"),
        });
        return;
    case ["records", ..]:
        await Fleet.Benchmarks.Records.RecordImportMeasurement.RunAsync(new Fleet.Benchmarks.Records.RecordImportOptions(
            Rows: Option("--rows", 100_000), Cars: Option("--cars", 200), Output: Text("--out")));
        return;
    case ["load", ..]:
        await LoadHarness.RunAsync(new LoadOptions(
            Clients: Option("--clients", 8), Seconds: Option("--seconds", 30), Rate: Option("--rate", 200),
            Output: args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault(), DumpSql: args.Contains("--dump-sql"),
            ProcessOnly: args.Contains("--process-only"), ProcessWarmUpSeconds: Option("--process-warm-up", 60),
            ServerExecutable: Text("--server-exe"), Rounds: Option("--rounds", 3),
            ServerEnvironment: Settings("--server-env")));
        return;
}

BenchmarkSwitcher.FromAssembly(typeof(CandidateRankingBenchmarks).Assembly).Run(args);

static List<Fleet.Samples.DemoCity.DemoCitySize> Sizes(string list) => list.Split(',')
    .Select(text => Fleet.Samples.DemoCity.DemoCitySize.TryParse(text, out var size) ? size : throw new ArgumentException($"not a demo city size: {text}"))
    .ToList();

string? Text(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

// `--name a=1,b=2`
Dictionary<string, string>? Settings(string name) => Text(name)?.Split(',').Select(s => s.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);

int Option(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value) : fallback;
