using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Npgsql;

namespace Fleet.Benchmarks.Load;

internal sealed record FloorOptions(int Connections, int Seconds, int WarmUpSeconds, string? Output);

/// <summary>One measured part: its latencies and throughput, and the processor time it took a request in each process.</summary>
/// <param name="Compiling">Processor seconds a request of the runtime's background recompilation (<see cref="ProcessorTime.Compiling"/>).</param>
/// <param name="Statements">What PostgreSQL ran in the part, the statements that took it longest, per request.</param>
internal sealed record Measured(Tally Tally, ProcessorTime PerRequest, double Compiling, string Statements);

/// <summary>
/// Fleet's uncontended command and its read by id against what PostgreSQL itself does in the same run, on a PostgreSQL of
/// its own with fsync on: a trip request (<c>POST /api/trips</c>, each a new trip) against a one-row insert of the same
/// document, and a trip read (<c>GET /api/trips/{id}</c>) against a primary-key select of it, each by as many connections
/// working as fast as answers come. The floors run through Npgsql with prepared statements, the best a client of the
/// database can do; the server runs in this process, as in the load harness.
/// </summary>
internal static class FloorRatios
{
    public static async Task<string> RunAsync(FloorOptions options)
    {
        // pg_stat_statements says where PostgreSQL's time a request goes.
        await using var benchmark = new BenchmarkPostgres(settings: StatementStatistics.Settings());
        var fleet = await StatementStatistics.CreateDatabaseAsync(benchmark, "fleet");
        var duration = TimeSpan.FromSeconds(options.Seconds);
        // The server's warm-up is long enough for the runtime to finish recompiling its hot code (the report shows what was
        // left); Npgsql's few methods for the floors are recompiled within seconds.
        var warmUp = TimeSpan.FromSeconds(options.WarmUpSeconds);
        var floorWarmUp = TimeSpan.FromSeconds(10);
        var connections = options.Connections;

        Measured requests, reads;
        var postmaster = benchmark.PostmasterId;
        var made = new List<Guid>();
        Guid[] ids;
        await using (var server = await LoadServer.StartAsync(fleet, new SqlCapture(), _ => []))
        {
            using var http = new HttpClient { BaseAddress = server.Address };
            var client = new FleetClient(http);
            var fixture = await LoadFixture.PrepareAsync(client, 1);
            var office = await fixture.SignInAsync(client);

            Console.WriteLine($"Trip requests: {connections} connections, warm-up {warmUp.TotalSeconds:0} s, then {options.Seconds} s …");
            await ClosedAsync(connections, warmUp, "request", _ => RequestAsync(client, office, null));
            requests = await MeasuredAsync(postmaster, fleet, () => ClosedAsync(connections, duration, "request", _ => RequestAsync(client, office, made)));

            Console.WriteLine($"Trip reads: {connections} connections, warm-up {warmUp.TotalSeconds:0} s, then {options.Seconds} s …");
            ids = made.ToArray();
            await ClosedAsync(connections, warmUp, "read", n => client.SendAsync(office.Clerk, HttpMethod.Get, $"/api/trips/{ids[n % ids.Length]}"));
            reads = await MeasuredAsync(postmaster, fleet, () => ClosedAsync(connections, duration, "read",
                n => client.SendAsync(office.Clerk, HttpMethod.Get, $"/api/trips/{ids[n % ids.Length]}")));
        }

        var (tenant, document) = await DocumentAsync(fleet, made[0]);
        await BenchmarkPostgres.ExecuteAsync(fleet, "create table public.floor_trip (id uuid primary key, data jsonb not null)");
        await using var floor = new NpgsqlDataSourceBuilder(fleet) { ConnectionStringBuilder = { MaxPoolSize = connections + 4 } }.Build();

        Console.WriteLine($"The insert floor: one-row inserts of the trip's document, {connections} connections …");
        var insert = "insert into public.floor_trip (id, data) values ($1, $2::jsonb)";
        await FloorAsync(floor, connections, floorWarmUp, "insert", insert, _ => [Guid.NewGuid(), document]);
        var inserts = await MeasuredAsync(postmaster, fleet, () => FloorAsync(floor, connections, duration, "insert", insert, _ => [Guid.NewGuid(), document]));

        Console.WriteLine($"The select floor: primary-key selects of the trips, {connections} connections …");
        var select = "select data from public.mt_doc_trip where tenant_id = $1 and id = $2";
        await FloorAsync(floor, connections, floorWarmUp, "select", select, n => [tenant, ids[n % ids.Length]]);
        var selects = await MeasuredAsync(postmaster, fleet, () => FloorAsync(floor, connections, duration, "select", select, n => [tenant, ids[n % ids.Length]]));

        var report = Report(options, requests, inserts, reads, selects, document.Length, await BenchmarkPostgres.ScalarAsync<string>(fleet, "show server_version"));
        await LoadHarness.PublishAsync(report, options.Output);
        return report;
    }

    /// <summary>A part with the processor time it took: the server's and the clients' (this process) and PostgreSQL's.</summary>
    private static async Task<Measured> MeasuredAsync(int postmaster, string database, Func<Task<Tally>> part)
    {
        await BenchmarkPostgres.ExecuteAsync(database, StatementStatistics.Mark + "select pg_stat_statements_reset()");
        var before = ProcessorTime.Now(postmaster, -1);
        var compilingBefore = ProcessorTime.Compiling();
        var tally = await part();
        var compiling = ProcessorTime.Compiling() - compilingBefore;
        // Backends report their time as they run; a moment lets the last of them in.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var processor = (ProcessorTime.Now(postmaster, -1) - before).Per(tally.Count);
        return new Measured(tally, processor, compiling / tally.Count, await StatementStatistics.BusiestAsync(database, tally.Count, "a request", "total_exec_time + total_plan_time", 15));
    }

    private static async Task RequestAsync(FleetClient client, Office office, List<Guid>? made)
    {
        var trip = (await client.SendAsync(office.Clerk, HttpMethod.Post, "/api/trips", TripScript.RequestBody())).GetProperty("tripId").GetGuid();
        if (made is null) return;
        lock (made) made.Add(trip);
    }

    /// <summary><paramref name="connections"/> workers, each sending its next piece of work as soon as the last is answered.</summary>
    private static async Task<Tally> ClosedAsync(int connections, TimeSpan duration, string name, Func<int, Task> work)
    {
        var tally = new Tally();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var sent = 0;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                await work(Interlocked.Increment(ref sent));
                tally.Add(name, Stopwatch.GetElapsedTime(started));
            }
        }));
        tally.Stop();
        return tally;
    }

    /// <summary>One statement again and again on each of <paramref name="connections"/> connections, prepared, each its own transaction.</summary>
    private static async Task<Tally> FloorAsync(NpgsqlDataSource source, int connections, TimeSpan duration, string name, string sql, Func<int, object[]> values)
    {
        var idle = new System.Collections.Concurrent.ConcurrentBag<NpgsqlCommand>();
        try
        {
            return await ClosedAsync(connections, duration, name, async n =>
            {
                var given = values(n);
                if (!idle.TryTake(out var command))
                {
                    command = new NpgsqlCommand(sql, await source.OpenConnectionAsync());
                    foreach (var value in given) command.Parameters.Add(new NpgsqlParameter { Value = value });
                    await command.PrepareAsync();
                }

                for (var i = 0; i < given.Length; i++) command.Parameters[i].Value = given[i];
                await command.ExecuteNonQueryAsync();
                idle.Add(command);
            });
        }
        finally
        {
            foreach (var command in idle)
            {
                await command.Connection!.DisposeAsync();
                await command.DisposeAsync();
            }
        }
    }

    private static async Task<(string Tenant, string Document)> DocumentAsync(string connectionString, Guid trip)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select tenant_id, data::text from public.mt_doc_trip where id = $1", connection)
        {
            Parameters = { new() { Value = trip } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetString(1));
    }

    private static string Report(FloorOptions options, Measured requests, Measured inserts, Measured reads, Measured selects, int documentBytes, string postgresVersion)
    {
        var text = new StringBuilder();
        text.AppendLine($"### Fleet against PostgreSQL's floor ({DateTime.UtcNow:yyyy-MM-dd})");
        text.AppendLine();
        text.AppendLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, PostgreSQL {postgresVersion} " +
                        $"with fsync on; server and clients in one process. {options.Connections} connections each, working as fast as answers come, " +
                        $"{options.Seconds} s after a warm-up ({options.WarmUpSeconds} s for Fleet, 10 s for the floors); the floors through Npgsql with prepared statements, one transaction a statement; the trip's " +
                        $"document is {documentBytes:N0} bytes of JSON.");
        text.AppendLine();
        text.AppendLine("| path | Fleet a second | Fleet p50 / p99 ms | Fleet processor ms a request: server and clients (of it recompiling) / PostgreSQL | floor | floor a second | floor p50 / p99 ms | floor processor ms: client / PostgreSQL | ratio |");
        text.AppendLine("|---|---:|---:|---:|---|---:|---:|---:|---:|");
        Row("`POST /api/trips` (a new trip each time)", requests, "one-row insert of the trip's document", inserts);
        Row("`GET /api/trips/{id}`", reads, "primary-key select of the trip's document", selects);
        foreach (var (name, part) in new[] { ("trip requests", requests), ("trip reads", reads) })
        {
            text.AppendLine();
            text.AppendLine($"The statements that took PostgreSQL longest during the measured {name} (everything it ran: the requests, and the projections, the audit chain and the messages they set going), per request:");
            text.AppendLine();
            text.AppendLine("```");
            text.Append(part.Statements);
            text.AppendLine("```");
        }

        return text.ToString();

        void Row(string path, Measured fleet, string floor, Measured baseline) =>
            text.AppendLine($"| {path} | {fleet.Tally.Throughput:N0} | {fleet.Tally.Percentile(null, 0.5):0.0} / {fleet.Tally.Percentile(null, 0.99):0.0} | " +
                            $"{fleet.PerRequest.Server * 1000:0.00} ({fleet.Compiling * 1000:0.00}) / {fleet.PerRequest.Database * 1000:0.00} | {floor} | " +
                            $"{baseline.Tally.Throughput:N0} | {baseline.Tally.Percentile(null, 0.5):0.00} / {baseline.Tally.Percentile(null, 0.99):0.00} | " +
                            $"{baseline.PerRequest.Server * 1000:0.000} / {baseline.PerRequest.Database * 1000:0.000} | " +
                            $"**{fleet.Tally.Throughput / baseline.Tally.Throughput:0.000}** |");
    }
}
