using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Npgsql;

namespace Fleet.Benchmarks.Load;

internal sealed record FloorOptions(int Connections, int Seconds, int WarmUpSeconds, string? Output);

/// <summary>One measured part: its latencies and throughput, and the processor time it took a request in each process.</summary>
/// <param name="Compiling">Processor seconds a request of the runtime's background recompilation (<see cref="ProcessorTime.Compiling"/>).</param>
/// <param name="Statements">What PostgreSQL ran in the part, the statements that took it longest, per request.</param>
/// <param name="Database">PostgreSQL's processor time a request by part: the sessions' own, and autovacuum's and the background processes' after the writes.</param>
/// <param name="Sessions">PostgreSQL's sessions open on the database at the end of the part: the backends the pools' connections take turns on.</param>
internal sealed record Measured(Tally Tally, ProcessorTime PerRequest, double Compiling, string Statements, DatabaseParts Database, long Sessions);

/// <summary>
/// Fleet's uncontended command and its read by id against what PostgreSQL itself does in the same run, on a PostgreSQL of
/// its own with fsync on: a trip request (<c>POST /api/trips</c>, each a new trip) against a one-row insert of the same
/// document, and a trip read (<c>GET /api/trips/{id}</c>) against a primary-key select of it, each by as many connections
/// working as fast as answers come, and the same two of the stack alone (<see cref="StackFloor"/>). The floors run through Npgsql with prepared statements, the best a client of the
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
        IReadOnlyList<double> lag;
        TimeSpan? caughtUp;
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
            await ClosedAsync(connections, warmUp, "request", _ => RequestAsync(client, office.Clerk, "/api/trips", null));
            await using (var sampler = new ProjectionLag(fleet))
            {
                requests = await MeasuredAsync(postmaster, fleet, () => ClosedAsync(connections, duration, "request", _ => RequestAsync(client, office.Clerk, "/api/trips", made)));
                lag = await sampler.StopAsync();
            }

            // The reads are measured with the projections at rest, and the requests' figure counts what it left behind.
            caughtUp = await ProjectionLag.CatchUpAsync(fleet, TimeSpan.FromMinutes(10));

            ids = made.ToArray();
            reads = await PartAsync("Trip reads", fleet, "read", n => client.SendAsync(office.Clerk, HttpMethod.Get, $"/api/trips/{ids[n % ids.Length]}"));
        }

        // The same stack with nothing of Fleet's, on a database of its own, measured as Fleet was.
        Measured stackRequests, stackReads;
        var stack = await StatementStatistics.CreateDatabaseAsync(benchmark, "stack");
        await using (var floorHost = await StackFloor.StartAsync(stack))
        {
            using var http = new HttpClient { BaseAddress = floorHost.Address };
            var client = new FleetClient(http);
            var created = new List<Guid>();
            var warming = true;
            stackRequests = await PartAsync("The stack's floor, trip requests", stack, "request", _ => RequestAsync(client, null, "/floor/trips", warming ? null : created),
                () => warming = false);
            var stackIds = created.ToArray();
            stackReads = await PartAsync("The stack's floor, trip reads", stack, "read",
                n => client.SendAsync(null, HttpMethod.Get, $"/floor/trips/{stackIds[n % stackIds.Length]}"));
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

        var report = Report(options, requests, stackRequests, inserts, reads, stackReads, selects, new Lag(lag, caughtUp), document.Length, await BenchmarkPostgres.ScalarAsync<string>(fleet, "show server_version"));
        await LoadHarness.PublishAsync(report, options.Output);
        return report;

        // A part warmed up as long as Fleet's, then measured; warmedUp says when the measured part begins.
        async Task<Measured> PartAsync(string title, string database, string name, Func<int, Task> work, Action? warmedUp = null)
        {
            Console.WriteLine($"{title}: {connections} connections, warm-up {warmUp.TotalSeconds:0} s, then {options.Seconds} s …");
            await ClosedAsync(connections, warmUp, name, work);
            warmedUp?.Invoke();
            return await MeasuredAsync(postmaster, database, () => ClosedAsync(connections, duration, name, work));
        }
    }

    /// <summary>A part with the processor time it took: the server's and the clients' (this process) and PostgreSQL's.</summary>
    private static async Task<Measured> MeasuredAsync(int postmaster, string database, Func<Task<Tally>> part)
    {
        await BenchmarkPostgres.ExecuteAsync(database, StatementStatistics.Mark + "select pg_stat_statements_reset()");
        var before = ProcessorTime.Now(postmaster, -1);
        var partsBefore = ProcessorTime.PartsOf(postmaster);
        var compilingBefore = ProcessorTime.Compiling();
        var tally = await part();
        var compiling = ProcessorTime.Compiling() - compilingBefore;
        // Backends report their time as they run; a moment lets the last of them in.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var processor = (ProcessorTime.Now(postmaster, -1) - before).Per(tally.Count);
        var parts = (ProcessorTime.PartsOf(postmaster) - partsBefore).Per(tally.Count);
        return new Measured(tally, processor, compiling / tally.Count,
            await StatementStatistics.BusiestAsync(database, tally.Count, "a request", "total_exec_time + total_plan_time", 15), parts,
            await BenchmarkPostgres.ScalarAsync<long>(database, StatementStatistics.Mark + "select count(*) from pg_stat_activity where datname = current_database()") - 1);
    }

    /// <summary>A new trip asked for at <paramref name="path"/>; its id kept in <paramref name="made"/> when given.</summary>
    private static async Task RequestAsync(FleetClient client, string? token, string path, List<Guid>? made)
    {
        var trip = (await client.SendAsync(token, HttpMethod.Post, path, TripScript.RequestBody())).GetProperty("tripId").GetGuid();
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

    /// <summary>How far the async projections and subscriptions were behind while the trip requests ran, and when they had caught up after.</summary>
    private sealed record Lag(IReadOnlyList<double> Seconds, TimeSpan? CaughtUp)
    {
        public string Text()
        {
            var sorted = Seconds.Order().ToList();
            var after = CaughtUp is { } took ? $"every one had passed the last event {took.TotalSeconds:0.0} s after the last answer" : "they had not caught up 10 minutes after the last answer";
            return sorted.Count == 0 ? "The projections' lag was not sampled." :
                $"While Fleet's trip requests ran, the slowest of the async projections and subscriptions was behind by {sorted[sorted.Count / 2]:0.0} s " +
                $"(the median of {sorted.Count} samples, four a second: the age of the oldest event it had not passed), {sorted[(int)(sorted.Count * 0.99)]:0.0} s at the 99th percentile " +
                $"and {sorted[^1]:0.0} s at most; {after}.";
        }
    }

    private static string Report(FloorOptions options, Measured requests, Measured stackRequests, Measured inserts, Measured reads, Measured stackReads,
        Measured selects, Lag lag, int documentBytes, string postgresVersion)
    {
        var text = new StringBuilder();
        text.AppendLine($"### Fleet against PostgreSQL's floor and the stack's ({DateTime.UtcNow:yyyy-MM-dd})");
        text.AppendLine();
        text.AppendLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, PostgreSQL {postgresVersion} " +
                        $"with fsync on; servers and clients in one process. {options.Connections} connections each, working as fast as answers come, " +
                        $"{options.Seconds} s after a warm-up ({options.WarmUpSeconds} s for Fleet and the stack, 10 s for PostgreSQL's floors); PostgreSQL's floors through " +
                        $"Npgsql with prepared statements, one transaction a statement; the trip's document is {documentBytes:N0} bytes of JSON. The stack's floor is " +
                        "ASP.NET Core, Wolverine's endpoints and Marten with Fleet's settings of them and nothing of Fleet's (no sign-in, policy, audit chain or " +
                        "projection): a trip request starts a stream with one event and stores one document in a transaction, a read loads that document.");
        text.AppendLine();
        text.AppendLine("| path | run | a second | p50 / p99 ms | processor ms a request: server and clients (of it recompiling) / PostgreSQL | PostgreSQL's: sessions / autovacuum (with ended workers) / background | sessions open | of PostgreSQL's floor | of the stack's floor |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        Row("a trip request", "Fleet: `POST /api/trips` (a new trip each time)", requests, inserts, stackRequests);
        Row("", "the stack: one event and one document (`POST /floor/trips`)", stackRequests, inserts, stackRequests);
        Row("", "PostgreSQL: a one-row insert of the trip's document", inserts, inserts, stackRequests);
        Row("a trip read", "Fleet: `GET /api/trips/{id}`", reads, selects, stackReads);
        Row("", "the stack: `LoadAsync` of the document (`GET /floor/trips/{id}`)", stackReads, selects, stackReads);
        Row("", "PostgreSQL: a primary-key select of the trip's document", selects, selects, stackReads);
        text.AppendLine();
        text.AppendLine(lag.Text());
        foreach (var (name, part) in new[] { ("Fleet's trip requests", requests), ("Fleet's trip reads", reads), ("the stack's trip requests", stackRequests) })
        {
            text.AppendLine();
            text.AppendLine($"The statements that took PostgreSQL longest during {name} (everything it ran: the requests, and the projections, the audit chain and the messages they set going), per request:");
            text.AppendLine();
            text.AppendLine("```");
            text.Append(part.Statements);
            text.AppendLine("```");
        }

        return text.ToString();

        void Row(string path, string run, Measured measured, Measured floor, Measured stack) =>
            text.AppendLine($"| {path} | {run} | {measured.Tally.Throughput:N0} | {measured.Tally.Percentile(null, 0.5):0.00} / {measured.Tally.Percentile(null, 0.99):0.00} | " +
                            $"{measured.PerRequest.Server * 1000:0.000} ({measured.Compiling * 1000:0.00}) / {measured.PerRequest.Database * 1000:0.000} | " +
                            $"{measured.Database.Sessions * 1000:0.000} / {(measured.Database.Autovacuum + measured.Database.Ended) * 1000:0.000} / {measured.Database.Background * 1000:0.000} | {measured.Sessions} | " +
                            $"**{measured.Tally.Throughput / floor.Tally.Throughput:0.000}** | {measured.Tally.Throughput / stack.Tally.Throughput:0.00} |");
    }
}
