using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Npgsql;

namespace Fleet.Benchmarks.Load;

internal sealed record StatementCountOptions(int Trips, int WarmUpTrips, int RestSeconds, string? Output);

/// <summary>
/// What each command of a trip asks of PostgreSQL: the round trips and statements its request sends through Marten
/// (captured by Marten's logger), and every statement PostgreSQL runs because of it — the request's own through any
/// library, the pooled connections' resets, and what it sets going in the background (the projection daemon, the audit
/// chain, Wolverine's messages) — counted by <c>pg_stat_statements</c>. Each command runs for many trips in a phase of its
/// own, one at a time, until everything it set going is done; what the server does at rest (its agents' polling) over as
/// long is taken off.
/// </summary>
internal static class StatementCount
{
    private const string Mark = StatementStatistics.Mark;
    private const string Reset = "SELECT pg_advisory_unlock_all()";

    private sealed record Phase(string Command, int Count, double Seconds, IReadOnlyList<CapturedRoundTrip> Captured,
        Dictionary<string, long> Statements);

    public static async Task<string> RunAsync(StatementCountOptions options)
    {
        await using var benchmark = new BenchmarkPostgres(settings: StatementStatistics.Settings());
        var database = await StatementStatistics.CreateDatabaseAsync(benchmark, "fleet");
        var capture = new SqlCapture();
        var captured = TripScript.Commands.ToDictionary(c => c, _ => new List<CapturedRoundTrip>());
        await using var server = await LoadServer.StartAsync(database, capture, command => captured[command]);
        using var http = new HttpClient { BaseAddress = server.Address };
        var client = new FleetClient(http);

        Console.WriteLine($"Setting up {options.Trips} cars and drivers in 江岸 …");
        var fixture = await LoadFixture.PrepareAsync(client, options.Trips);
        var office = await fixture.SignInAsync(client);
        Console.WriteLine($"{options.WarmUpTrips} whole trips to warm up …");
        for (var i = 0; i < options.WarmUpTrips; i++)
            await TripScript.DriveAsync(client, office, fixture.Crews[i % fixture.Crews.Count], (_, _) => { }, Stopwatch.GetTimestamp());
        await QuietAsync(database);

        Console.WriteLine($"The server at rest for {options.RestSeconds} s …");
        var restStarted = Stopwatch.GetTimestamp();
        var before = await StatementsAsync(database);
        await Task.Delay(TimeSpan.FromSeconds(options.RestSeconds));
        var atRest = Difference(await StatementsAsync(database), before);
        var restPerSecond = atRest.Values.Sum() / Stopwatch.GetElapsedTime(restStarted).TotalSeconds;

        var trips = new Guid[options.Trips];
        var phases = new List<Phase>();
        foreach (var command in TripScript.Commands)
        {
            Console.WriteLine($"{options.Trips} × {command} …");
            foreach (var list in captured.Values) list.Clear();
            var started = Stopwatch.GetTimestamp();
            before = await StatementsAsync(database);
            for (var i = 0; i < options.Trips; i++)
            {
                var crew = fixture.Crews[i];
                var answer = await SendAsync(client, office, crew, command, trips[i]);
                if (command == "request") trips[i] = answer.GetProperty("tripId").GetGuid();
            }

            await QuietAsync(database);
            phases.Add(new Phase(command, options.Trips, Stopwatch.GetElapsedTime(started).TotalSeconds, [.. captured[command]],
                Difference(await StatementsAsync(database), before)));
        }

        var report = Report(options, phases, restPerSecond, atRest, await BenchmarkPostgres.ScalarAsync<string>(database, Mark + "show server_version"));
        await LoadHarness.PublishAsync(report, options.Output);
        return report;
    }

    private static Task<System.Text.Json.JsonElement> SendAsync(FleetClient client, Office office, Crew crew, string command, Guid trip)
    {
        if (command == "finish") crew.Odometer += 12.5m;
        return command switch
        {
            "request" => client.SendAsync(office.Clerk, HttpMethod.Post, "/api/trips", TripScript.RequestBody(), command),
            "approve" => client.SendAsync(office.Approver, HttpMethod.Post, $"/api/trips/{trip}/approve", null, command),
            "dispatch" => client.SendAsync(office.Dispatcher, HttpMethod.Post, $"/api/trips/{trip}/dispatch",
                new { vehicleId = crew.Vehicle, driverId = crew.Driver }, command),
            "accept" => client.SendAsync(crew.DriverToken, HttpMethod.Post, $"/api/trips/{trip}/accept", new { }, command),
            "start" => client.SendAsync(crew.DriverToken, HttpMethod.Post, $"/api/trips/{trip}/start", new { odometerKm = crew.Odometer }, command),
            "finish" => client.SendAsync(crew.DriverToken, HttpMethod.Post, $"/api/trips/{trip}/finish",
                new { odometerKm = crew.Odometer, fuelLitres = 1.2, fuelCost = 9.6 }, command),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
        };
    }

    /// <summary>
    /// Waits until everything the commands set going is done: every asynchronous projection and subscription has passed
    /// the last event, no message waits in Wolverine's inbox to be handled now, and then a second more.
    /// </summary>
    private static async Task QuietAsync(string database)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var behind = await BenchmarkPostgres.ScalarAsync<long>(database, Mark + """
                select (select count(*) from public.mt_event_progression
                        where name like '%:%' and last_seq_id < (select coalesce(max(seq_id), 0) from public.mt_events))
                     + (select count(*) from public.wolverine_incoming_envelopes where status = 'Incoming')
                """);
            if (behind == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The server did not come to rest within two minutes.");
    }

    /// <summary>
    /// Calls of each statement in this database so far, but the measurement's own and the resets of its connections
    /// (<c>DISCARD ALL</c>: the server's, which keep prepared statements, are reset statement by statement instead).
    /// </summary>
    private static async Task<Dictionary<string, long>> StatementsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Mark + $"""
            select left(regexp_replace(query, '\s+', ' ', 'g'), 120), sum(calls)::bigint from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) and query not like '{Mark.Trim()}%'
                and query <> 'DISCARD ALL'
            group by 1
            """, connection);
        var calls = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) calls[reader.GetString(0)] = reader.GetInt64(1);
        return calls;
    }

    private static Dictionary<string, long> Difference(Dictionary<string, long> after, Dictionary<string, long> before) =>
        after.Select(a => (a.Key, Calls: a.Value - before.GetValueOrDefault(a.Key))).Where(a => a.Calls > 0).ToDictionary(a => a.Key, a => a.Calls);

    private static string Report(StatementCountOptions options, List<Phase> phases, double restPerSecond, Dictionary<string, long> atRest, string postgresVersion)
    {
        var text = new StringBuilder();
        text.AppendLine($"### Statements a command ({DateTime.UtcNow:yyyy-MM-dd})");
        text.AppendLine();
        text.AppendLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, PostgreSQL {postgresVersion}. " +
                        $"{options.Trips} trips, each command of them in a phase of its own, one request at a time, after {options.WarmUpTrips} whole trips to warm up; " +
                        "a phase ends when the projections, subscriptions and Wolverine's inbox have caught up, and a second later. " +
                        $"At rest the server ran {restPerSecond:0.0} statements a second ({options.RestSeconds} s measured), taken off each phase for its length.");
        text.AppendLine();
        text.AppendLine("| command | request: round trips / statements through Marten | all statements a command | of them connection resets (7 statements each) | at rest over the phase, a command | beyond rest, a command |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var phase in phases)
        {
            var all = phase.Statements.Values.Sum() / (double)phase.Count;
            var resets = phase.Statements.GetValueOrDefault(Reset) / (double)phase.Count;
            var rest = restPerSecond * phase.Seconds / phase.Count;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phase.Command} | {phase.Captured.Count / (double)phase.Count:0.0} / {phase.Captured.Sum(r => r.Statements.Count) / (double)phase.Count:0.0} | " +
                $"{all:0.0} | {resets:0.0} | {rest:0.0} | **{all - rest:0.0}** |"));
        }

        var total = phases.Sum(p => p.Statements.Values.Sum() / (double)p.Count - restPerSecond * p.Seconds / p.Count);
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| a whole trip | | | | | **{total:0.0}** |"));
        text.AppendLine();
        foreach (var phase in phases)
        {
            text.AppendLine($"The statements of `{phase.Command}`, a command (at rest: the same statement's calls a second × the phase's length, a command):");
            text.AppendLine();
            text.AppendLine("| calls a command | at rest | statement |");
            text.AppendLine("|---:|---:|---|");
            var seconds = phase.Seconds;
            foreach (var (statement, calls) in phase.Statements.OrderByDescending(s => s.Value).Take(20))
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {calls / (double)phase.Count:0.00} | {atRest.GetValueOrDefault(statement) / (double)options.RestSeconds * seconds / phase.Count:0.00} | `{statement.Replace("|", "\\|")}` |"));
            text.AppendLine();
        }

        return text.ToString();
    }
}
