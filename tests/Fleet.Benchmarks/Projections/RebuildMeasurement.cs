using Fleet.Benchmarks.Load;
using System.Diagnostics;
using Fleet.Samples.DemoHost;
using Fleet.Samples.DemoCity;
using Fleet.Server.Hosting;
using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Integrity;
using Fleet.Server.Setup;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fleet.Benchmarks.Projections;

/// <summary>
/// How fast every projection is rebuilt from the whole event store, and how that grows with history: the demo city
/// generated at each size into a database of its own (embedded PostgreSQL with fsync on, the daemon off while
/// loading), then the async projections caught up by the daemon from nothing, and each projection rebuilt in turn by
/// Marten's daemon, timed. The baseline of each size is reading every event once (a plain <c>select</c> of the events
/// table through Npgsql), measured in the same run.
/// </summary>
internal static class RebuildMeasurement
{
    /// <summary>Measures and answers the Markdown tables it also prints.</summary>
    /// <param name="folder">A cluster kept across runs: a size loaded once is measured again without loading it again.</param>
    /// <param name="only">The projections to rebuild (all when empty).</param>
    /// <param name="settings">PostgreSQL settings over the defaults.</param>
    /// <param name="rounds">
    /// Rounds over every size in turn (×0.25, ×1, ×2.5, then again), the database vacuumed and checkpointed before each rebuild:
    /// this shared machine's pace drifts by a third within an hour, so sizes measured one after the other would compare
    /// hours, not sizes. Each figure is the median of the rounds, with their spread.
    /// </param>
    /// <param name="statements">
    /// Counts what PostgreSQL runs during each rebuild (<c>pg_stat_statements</c>) and lists the statements that took longest,
    /// so that what grows faster than the events can be named.
    /// </param>
    public static async Task<string> RunAsync(IReadOnlyList<DemoCitySize> sizes, string? folder = null, IReadOnlyCollection<string>? only = null,
        IReadOnlyDictionary<string, string>? settings = null, int rounds = 5, bool statements = false)
    {
        var rows = new List<string>();
        var busiest = new List<string>();
        var measured = new List<Rebuilt>();
        var clusterSettings = new Dictionary<string, string>(settings ?? new Dictionary<string, string>());
        if (statements)
        {
            foreach (var (name, value) in StatementStatistics.Settings()) clusterSettings.TryAdd(name, value);
        }

        await using (var postgres = new BenchmarkPostgres(folder, clusterSettings))
        {
            var databases = await DemoCitiesAsync(postgres, sizes, row =>
            {
                rows.Add(row);
                Console.WriteLine(row);
            });

            for (var round = 1; round <= rounds; round++)
            {
                foreach (var (size, connection) in databases)
                {
                    await using var app = Host(connection, postgres);
                    await app.StartAsync();
                    // Timers come due when the host starts (trips confirmed by themselves after days): a round counts the events it reads.
                    var events = await BenchmarkPostgres.ScalarAsync<long>(connection, "select count(*) from public.mt_events");
                    var store = app.Services.GetRequiredService<IDocumentStore>();
                    using var daemon = await store.BuildProjectionDaemonAsync();
                    await SettleAsync(connection);
                    if (statements) await BenchmarkPostgres.ExecuteAsync(connection, "create extension if not exists pg_stat_statements");

                    var reading = Stopwatch.StartNew();
                    await ReadEveryEventAsync(connection);
                    var read = reading.Elapsed;
                    Add(new Rebuilt(round, size.Name, events, Reading, read, read, default, 0, default));

                    foreach (var projection in ((StoreOptions)store.Options).Projections.All.Select(p => p.Name)
                                 .Where(p => only is not { Count: > 0 } || only.Contains(p)).Order())
                    {
                        Console.WriteLine($"  round {round}, {size.Name}: rebuilding {projection} …");
                        await SettleAsync(connection);
                        if (statements) await BenchmarkPostgres.ExecuteAsync(connection, StatementStatistics.Mark + "select pg_stat_statements_reset()");
                        var processorBefore = ProcessorTime.Now(postgres.PostmasterId, robots: 0);
                        var walBefore = await Wal.ReadAsync(connection);
                        var rebuilding = Stopwatch.StartNew();
                        double heapPeak;
                        await using (var heap = HeapPeak.Start())
                        {
                            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromHours(1), CancellationToken.None);
                            heapPeak = heap.MiB;
                        }
                        Add(new Rebuilt(round, size.Name, events, projection, rebuilding.Elapsed, read,
                            ProcessorTime.Now(postgres.PostmasterId, robots: 0) - processorBefore, heapPeak, await Wal.ReadAsync(connection) - walBefore));
                        if (statements)
                        {
                            busiest.Add($"{projection} at {size.Name}, round {round} ({rebuilding.Elapsed.TotalSeconds:0.0} s), the statements that took longest, per 1,000 events:");
                            busiest.Add("```");
                            busiest.Add((await StatementStatistics.BusiestAsync(connection, events / 1000.0, "/1k", "total_exec_time + total_plan_time", 6)).TrimEnd());
                            busiest.Add("```");
                            busiest.Add("");
                        }
                    }

                    await app.StopAsync();
                }
            }
        }

        var report = string.Join(Environment.NewLine, [.. Summary(measured, sizes.Select(s => s.Name).ToList(), rounds), "",
            "Each round, in the order run:", "",
            "| size | events | round | projection | seconds | events/s | ratio to reading | processor s: Fleet / PostgreSQL | largest managed heap, MiB | WAL MiB (full-page images) |",
            "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|", .. rows,
            .. busiest.Count > 0 ? (string[])["", .. busiest] : []]);
        Console.WriteLine();
        Console.WriteLine(report);
        return report;

        void Add(Rebuilt rebuilt)
        {
            measured.Add(rebuilt);
            rows.Add($"| {rebuilt.Size} | {rebuilt.Events:N0} | {rebuilt.Round} | {(rebuilt.Projection == Reading ? "reading every event (baseline)" : rebuilt.Projection)} | " +
                     $"{rebuilt.Took.TotalSeconds:0.0} | {rebuilt.Rate:N0} | {rebuilt.Rate / rebuilt.ReadingRate:0.00} | " +
                     (rebuilt.Projection == Reading ? "– | – | – |" : $"{rebuilt.Processor.Server:0.0} / {rebuilt.Processor.Database:0.0} | {rebuilt.HeapPeakMiB:N0} | " +
                                                                  $"{rebuilt.Wal.MiB:N0} ({rebuilt.Wal.FullPageImages:N0}) |"));
            Console.WriteLine(rows[^1]);
        }
    }

    private const string Reading = "";

    /// <param name="ReadingTook">The same round's and size's read of every event, which the rate is compared with.</param>
    /// <param name="Processor">Processor time the rebuild took in this process (Marten's daemon) and in PostgreSQL.</param>
    /// <param name="HeapPeakMiB">The most this process's managed heap held while the rebuild ran: what its pages of events cost in memory.</param>
    /// <param name="Wal">What the rebuild wrote to PostgreSQL's write-ahead log, and how many whole pages of it were images of pages
    /// changed for the first time since a checkpoint, which grow with the pages a rebuild touches between checkpoints.</param>
    private sealed record Rebuilt(int Round, string Size, long Events, string Projection, TimeSpan Took, TimeSpan ReadingTook, ProcessorTime Processor,
        double HeapPeakMiB, Wal Wal)
    {
        public double Rate => Events / Took.TotalSeconds;

        public double ReadingRate => Events / ReadingTook.TotalSeconds;
    }

    /// <summary>
    /// The medians of the rounds for each size and projection, and the growth from each size to the next against the target
    /// (the time for ×2.5 the events within ×2.5 × 1.15): the ratio of the medians, and the spread of the rounds' own ratios.
    /// </summary>
    private static IEnumerable<string> Summary(IReadOnlyList<Rebuilt> measured, IReadOnlyList<string> sizes, int rounds)
    {
        yield return $"Medians of {rounds} rounds (the spread of the rounds in brackets):";
        yield return "";
        yield return "| size | events | projection | seconds | events/s | ratio to reading |";
        yield return "|---|---:|---|---:|---:|---:|";
        var projections = measured.Select(m => m.Projection).Distinct().Order().ToList();
        foreach (var size in sizes)
        {
            foreach (var projection in projections)
            {
                var runs = measured.Where(m => m.Size == size && m.Projection == projection).ToList();
                if (runs.Count == 0) continue;
                var seconds = runs.Select(r => r.Took.TotalSeconds).ToList();
                var ratios = runs.Select(r => r.Rate / r.ReadingRate).ToList();
                yield return $"| {size} | {runs[0].Events:N0} | {(projection == Reading ? "reading every event (baseline)" : projection)} | " +
                             $"{Median.Of(seconds):0.0} ({seconds.Min():0.0}–{seconds.Max():0.0}) | {runs[0].Events / Median.Of(seconds):N0} | " +
                             $"{Median.Of(ratios):0.00} ({ratios.Min():0.00}–{ratios.Max():0.00}) |";
            }
        }

        for (var i = 1; i < sizes.Count; i++)
        {
            yield return "";
            yield return $"Growth from {sizes[i - 1]} to {sizes[i]}:";
            yield return "";
            yield return "| projection | events | time: ratio of the medians | the rounds' own ratios | within the events' ratio × 1.15 | processor: Fleet / PostgreSQL, ratio of the medians | WAL (full-page images), ratio of the medians |";
            yield return "|---|---:|---:|---:|---|---:|---:|";
            foreach (var projection in projections)
            {
                var before = measured.Where(m => m.Size == sizes[i - 1] && m.Projection == projection).ToList();
                var after = measured.Where(m => m.Size == sizes[i] && m.Projection == projection).ToList();
                if (before.Count == 0 || after.Count == 0) continue;
                var events = (double)after[0].Events / before[0].Events;
                var growth = Median.Of(after.Select(a => a.Took.TotalSeconds)) / Median.Of(before.Select(b => b.Took.TotalSeconds));
                var own = before.Join(after, b => b.Round, a => a.Round, (b, a) => a.Took.TotalSeconds / b.Took.TotalSeconds).ToList();
                var fleet = Median.Of(after.Select(a => a.Processor.Server)) / Median.Of(before.Select(b => b.Processor.Server));
                var database = Median.Of(after.Select(a => a.Processor.Database)) / Median.Of(before.Select(b => b.Processor.Database));
                var wal = Median.Of(after.Select(a => a.Wal.MiB)) / Median.Of(before.Select(b => b.Wal.MiB));
                var images = Median.Of(after.Select(a => (double)a.Wal.FullPageImages)) / Median.Of(before.Select(b => (double)b.Wal.FullPageImages));
                yield return $"| {(projection == Reading ? "reading every event (baseline)" : projection)} | ×{events:0.00} | ×{growth:0.00} | " +
                             $"×{own.Min():0.00}–{own.Max():0.00} | {(growth <= events * 1.15 ? "yes" : "no")} | " +
                             (projection == Reading ? "– | – |" : $"×{fleet:0.00} / ×{database:0.00} | ×{wal:0.00} (×{images:0.00}) |");
            }
        }
    }

    private static async Task LoadAsync(WebApplication app, DemoCitySize size, string connection)
    {
        Console.WriteLine($"Loading the demo city at size {size.Name} …");
        var loading = Stopwatch.StartNew();
        DemoCity.LoadingOnRequest = true;
        DemoSummary summary;
        try
        {
            summary = await app.Services.GetRequiredService<DemoCity>().LoadAsync(size, DemoCity.DefaultSeed, CancellationToken.None);
        }
        finally
        {
            // A flag for the whole process: later hosts of the same run seed their demo accounts again.
            DemoCity.LoadingOnRequest = false;
        }

        Console.WriteLine($"  {summary.Events:N0} events in {loading.Elapsed.TotalSeconds:0} s");
        // What autovacuum does after a bulk load, done now so that it does not run during a rebuild.
        await BenchmarkPostgres.ExecuteAsync(connection, "vacuum analyze");
    }

    /// <summary>
    /// The async projections from nothing, as after a restore or a long outage: the daemon runs them side by side, as
    /// the server does, until every one has reached the last event.
    /// </summary>
    internal static async Task<(string Names, TimeSpan Took)> CatchUpAsync(IProjectionDaemon daemon, IDocumentStore store)
    {
        var asynchronous = ((StoreOptions)store.Options).Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async)
            .Select(p => p.Name).Order().ToList();
        Console.WriteLine($"  catching up {string.Join(", ", asynchronous)} …");
        var catchingUp = Stopwatch.StartNew();
        await daemon.StartAllAsync();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromHours(1));
        catchingUp.Stop();
        await daemon.StopAllAsync();
        return (string.Join(", ", asynchronous), catchingUp.Elapsed);
    }

    /// <summary>
    /// The demo city at each size in a database of its own on <paramref name="postgres"/>, loaded and its async projections
    /// caught up, unless an earlier run did either; <paramref name="loaded"/> hears a table row for each size loaded now.
    /// </summary>
    /// <param name="purpose">The start of the databases' names: what they are kept for.</param>
    internal static async Task<List<(DemoCitySize Size, string Connection)>> DemoCitiesAsync(BenchmarkPostgres postgres, IReadOnlyList<DemoCitySize> sizes,
        Action<string> loaded, string purpose = "rebuild")
    {
        var databases = new List<(DemoCitySize Size, string Connection)>();
        foreach (var size in sizes)
        {
            var connection = postgres.CreateDatabase($"{purpose}_{size.Name.Replace('.', '_')}");
            await using var app = Host(connection, postgres);
            await app.StartAsync();
            var loadedNow = await BenchmarkPostgres.ScalarAsync<long>(connection, "select count(*) from public.mt_events") == 0;
            if (loadedNow) await LoadAsync(app, size, connection);
            else Console.WriteLine($"The demo city at size {size.Name} is already loaded");

            // The daemon's high-water mark is what the audit chain waits for; a database loaded by an earlier run has one once
            // its async projections were caught up.
            if (await BenchmarkPostgres.ScalarAsync<long>(connection,
                    "select count(*) from public.mt_event_progression where name = 'HighWaterMark'") == 0)
            {
                var store = app.Services.GetRequiredService<IDocumentStore>();
                using var daemon = await store.BuildProjectionDaemonAsync();
                var (names, took) = await CatchUpAsync(daemon, store);
                var events = await BenchmarkPostgres.ScalarAsync<long>(connection, "select count(*) from public.mt_events");
                if (loadedNow)
                    loaded($"| {size.Name} | {events:N0} | – | daemon catch-up from nothing: {names} together | {took.TotalSeconds:0.0} | {events / took.TotalSeconds:N0} | |");
            }

            await app.StopAsync();
            databases.Add((size, connection));
        }

        return databases;
    }

    /// <summary>
    /// Fleet's store and services, the daemon off so that it does not project while loading. The events' seals are made
    /// with a key kept beside the cluster, so that a later run can still verify the events a kept cluster holds.
    /// </summary>
    /// <param name="chainKeeper">Whether the audit chain is kept in the background (once a day here), or left to the caller.</param>
    internal static WebApplication Host(string connectionString, BenchmarkPostgres postgres, bool chainKeeper = true)
    {
        var builder = BenchmarkHost.Create(connectionString, 0, new Dictionary<string, string?>
        {
            ["Fleet:Projections:DaemonMode"] = "Disabled",
            ["Fleet:Demo:Enabled"] = "false",
            ["Fleet:Audit:ChainEvery"] = "1.00:00:00",
            ["Fleet:Audit:SealKeyFile"] = Path.Combine(postgres.Folder, "audit-seal-key"),
            // As `projections rebuild` runs (Program.cs).
            [FleetDatabase.PlanEachStatement] = "true",
        });
        if (!chainKeeper) builder.Services.Remove(builder.Services.Single(s => s.ImplementationType == typeof(AuditChainKeeper)));
        var app = builder.Build();
        app.UseFleet();
        return app;
    }

    /// <summary>
    /// A rebuild leaves its dead rows and unwritten pages behind, which autovacuum and the checkpointer then work through
    /// during whatever runs next: each rebuild (and the read of every event) starts from a database that has been through both.
    /// </summary>
    private static async Task SettleAsync(string connection)
    {
        await BenchmarkPostgres.ExecuteAsync(connection, "vacuum analyze");
        await BenchmarkPostgres.ExecuteAsync(connection, "checkpoint");
    }

    private static async Task ReadEveryEventAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("select seq_id, stream_id, type, data::text, timestamp from public.mt_events order by seq_id", connection);
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            _ = reader.GetString(3);
        }
    }

    /// <summary>Samples the managed heap ten times a second and keeps the largest size seen.</summary>
    private sealed class HeapPeak : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;
        private long _largest;

        private HeapPeak() => _sampling = SampleAsync();

        public static HeapPeak Start() => new();

        public double MiB => Math.Max(Interlocked.Read(ref _largest), GC.GetTotalMemory(false)) / 1024.0 / 1024.0;

        private async Task SampleAsync()
        {
            using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            try
            {
                do
                {
                    var now = GC.GetTotalMemory(false);
                    if (now > Interlocked.Read(ref _largest)) Interlocked.Exchange(ref _largest, now);
                } while (await ticks.WaitForNextTickAsync(_stop.Token));
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _sampling;
            _stop.Dispose();
        }
    }

    /// <summary>PostgreSQL's write-ahead log so far: bytes and full-page images (<c>pg_stat_wal</c>).</summary>
    private readonly record struct Wal(decimal Bytes, long FullPageImages)
    {
        public double MiB => (double)Bytes / 1024 / 1024;

        public static async Task<Wal> ReadAsync(string connection)
        {
            await using var database = new NpgsqlConnection(connection);
            await database.OpenAsync();
            await using var read = new NpgsqlCommand("select wal_bytes, wal_fpi from pg_stat_wal", database);
            await using var reader = await read.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new Wal(reader.GetDecimal(0), reader.GetInt64(1));
        }

        public static Wal operator -(Wal after, Wal before) => new(after.Bytes - before.Bytes, after.FullPageImages - before.FullPageImages);
    }
}
