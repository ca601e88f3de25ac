using System.Diagnostics;
using Fleet.Samples.DemoHost;
using Fleet.Samples.DemoCity;
using Fleet.Server.Hosting;
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
    /// <summary>Measures and answers the Markdown table it also prints.</summary>
    /// <param name="folder">A cluster kept across runs: a size loaded once is measured again without loading it again.</param>
    /// <param name="only">The projections to rebuild (all when empty).</param>
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

                var loaded = await BenchmarkPostgres.ScalarAsync<long>(connection, "select count(*) from public.mt_events") > 0;
                if (loaded) Console.WriteLine($"The demo city at size {size.Name} is already loaded");
                else await LoadAsync(app, size, connection);
                await BenchmarkPostgres.ExecuteAsync(connection, "checkpoint");

                var events = await BenchmarkPostgres.ScalarAsync<long>(connection, "select count(*) from public.mt_events");
                var reading = Stopwatch.StartNew();
                await ReadEveryEventAsync(connection);
                var readRate = events / reading.Elapsed.TotalSeconds;
                string Row(string what, TimeSpan took) =>
                    $"| {size.Name} | {events:N0} | {what} | {took.TotalSeconds:0.0} | {events / took.TotalSeconds:N0} | {events / took.TotalSeconds / readRate:0.00} |";
                rows.Add(Row("reading every event (baseline)", reading.Elapsed));

                // A database loaded by an earlier run has its async projections caught up already.
                if (!loaded) rows.Add(await CatchUpAsync(daemon, store, Row));

                foreach (var projection in ((StoreOptions)store.Options).Projections.All.Select(p => p.Name)
                             .Where(p => only is not { Count: > 0 } || only.Contains(p)).Order())
                {
                    Console.WriteLine($"  rebuilding {projection} …");
                    var rebuilding = Stopwatch.StartNew();
                    await daemon.RebuildProjectionAsync(projection, TimeSpan.FromHours(1), CancellationToken.None);
                    rows.Add(Row(projection, rebuilding.Elapsed));
                    Console.WriteLine(rows[^1]);
                }

                await app.StopAsync();
            }
        }

        var table = string.Join(Environment.NewLine,
            ["| size | events | projection | seconds | events/s | ratio to reading |", "|---|---:|---|---:|---:|---:|", .. rows]);
        Console.WriteLine();
        Console.WriteLine(table);
        return table;
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
    private static async Task<string> CatchUpAsync(IProjectionDaemon daemon, IDocumentStore store, Func<string, TimeSpan, string> row)
    {
        var asynchronous = ((StoreOptions)store.Options).Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async)
            .Select(p => p.Name).Order().ToList();
        Console.WriteLine($"  catching up {string.Join(", ", asynchronous)} …");
        var catchingUp = Stopwatch.StartNew();
        await daemon.StartAllAsync();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromHours(1));
        catchingUp.Stop();
        await daemon.StopAllAsync();
        var caughtUp = row($"daemon catch-up from nothing: {string.Join(", ", asynchronous)} together", catchingUp.Elapsed);
        Console.WriteLine(caughtUp);
        return caughtUp;
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
