using System.Diagnostics;
using Fleet.Samples.DemoCity;
using Fleet.Server.Infrastructure;
using Fleet.Server.Setup;
using JasperFx.Events.Projections;
using Marten.Events;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fleet.Benchmarks.Projections;

/// <summary>
/// How fast every projection is rebuilt from the whole event store, and how that grows with history: the demo city
/// generated at each size into a database of its own (embedded PostgreSQL with fsync on, the daemon off while
/// loading), then the async projections caught up by the daemon from nothing, and each projection rebuilt in turn by Marten's
/// daemon, timed. The baseline of each size is reading
/// every event once (a plain <c>select</c> of the events table through Npgsql), measured in the same run.
/// </summary>
internal static class RebuildMeasurement
{
    /// <summary>Measures and answers the Markdown table it also prints.</summary>
    /// <param name="folder">A cluster kept across runs: a size loaded once is measured again without loading it again.</param>
    /// <param name="only">The projections to rebuild (all when empty); the daemon's catch-up is measured when all are.</param>
    /// <param name="settings">PostgreSQL settings over the defaults.</param>
    public static async Task<string> RunAsync(IReadOnlyList<DemoCitySize> sizes, string? folder = null, IReadOnlyCollection<string>? only = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var rows = new List<string>();
        await using (var postgres = new BenchmarkPostgres(folder, settings))
        {
            foreach (var size in sizes)
            {
                var connection = postgres.CreateDatabase($"rebuild_{size.Name.Replace('.', '_')}");
                await using var app = Host(connection);
                await app.StartAsync();
                var store = app.Services.GetRequiredService<IDocumentStore>();
                using var daemon = await store.BuildProjectionDaemonAsync();
                var loaded = await BenchmarkPostgres.ScalarAsync<long>(connection, "select count(*) from public.mt_events");
                if (loaded > 0)
                {
                    Console.WriteLine($"The demo city at size {size.Name} is already loaded: {loaded:N0} events");
                    await BenchmarkPostgres.ExecuteAsync(connection, "checkpoint");
                    rows.AddRange(await RebuildAsync(daemon, store, size, connection, loaded, only));
                    continue;
                }

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

                // What autovacuum and the checkpointer do after a bulk load, done now so that they do not run during a rebuild.
                await BenchmarkPostgres.ExecuteAsync(connection, "vacuum analyze");
                await BenchmarkPostgres.ExecuteAsync(connection, "checkpoint");
                var events = await BenchmarkPostgres.ScalarAsync<long>(connection, "select count(*) from public.mt_events");
                var readRate = await ReadingRateAsync(connection, events);
                rows.Add($"| {size.Name} | {events:N0} | reading every event (baseline) | {events / readRate:0.0} | {readRate:N0} | 1.00 |");

                // The async projections start from nothing, as after a restore or a long outage: the daemon runs them
                // side by side, as the server does, until every one has reached the last event.
                var asynchronous = ((StoreOptions)store.Options).Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async)
                    .Select(p => p.Name).Order().ToList();
                Console.WriteLine($"  catching up {string.Join(", ", asynchronous)} …");
                var catchingUp = Stopwatch.StartNew();
                await daemon.StartAllAsync();
                await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromHours(1));
                catchingUp.Stop();
                await daemon.StopAllAsync();
                var catchUpRate = events / catchingUp.Elapsed.TotalSeconds;
                rows.Add($"| {size.Name} | {events:N0} | daemon catch-up from nothing: {string.Join(", ", asynchronous)} together | " +
                         $"{catchingUp.Elapsed.TotalSeconds:0.0} | {catchUpRate:N0} | {catchUpRate / readRate:0.00} |");
                Console.WriteLine(rows[^1]);

                rows.AddRange((await RebuildAsync(daemon, store, size, connection, events, only)).Skip(1));
                await app.StopAsync();
            }
        }
        var table = string.Join(Environment.NewLine,
            ["| size | events | projection | seconds | events/s | ratio to reading |", "|---|---:|---|---:|---:|---:|", .. rows]);
        Console.WriteLine();
        Console.WriteLine(table);
        return table;
    }

    /// <summary>The reading baseline, then each projection (or those asked for) rebuilt in turn, timed.</summary>
    private static async Task<List<string>> RebuildAsync(IProjectionDaemon daemon, IDocumentStore store, DemoCitySize size, string connection, long events,
        IReadOnlyCollection<string>? only)
    {
        var readRate = await ReadingRateAsync(connection, events);
        var rows = new List<string> { $"| {size.Name} | {events:N0} | reading every event (baseline) | {events / readRate:0.0} | {readRate:N0} | 1.00 |" };
        foreach (var projection in ((StoreOptions)store.Options).Projections.All.Select(p => p.Name).Where(p => only is not { Count: > 0 } || only.Contains(p)).Order())
        {
            Console.WriteLine($"  rebuilding {projection} …");
            var rebuilding = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromHours(1), CancellationToken.None);
            var rate = events / rebuilding.Elapsed.TotalSeconds;
            rows.Add($"| {size.Name} | {events:N0} | {projection} | {rebuilding.Elapsed.TotalSeconds:0.0} | {rate:N0} | {rate / readRate:0.00} |");
            Console.WriteLine(rows[^1]);
        }

        return rows;
    }

    private static async Task<double> ReadingRateAsync(string connection, long events)
    {
        var reading = Stopwatch.StartNew();
        await ReadEveryEventAsync(connection);
        return events / reading.Elapsed.TotalSeconds;
    }

    /// <summary>Fleet's store and services, the daemon off so that it does not project while loading.</summary>
    private static WebApplication Host(string connectionString)
    {
        var app = BenchmarkHost.Create(connectionString, 0, new Dictionary<string, string?>
        {
            ["Fleet:Projections:DaemonMode"] = "Disabled",
            ["Fleet:Demo:Enabled"] = "false",
            ["Fleet:Audit:ChainEvery"] = "1.00:00:00",
        }).Build();
        app.UseFleet();
        return app;
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
}
