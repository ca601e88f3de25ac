using System.Diagnostics;
using Fleet.Server.Trips.Dispatching;
using Npgsql;

namespace Fleet.Benchmarks.Load;

/// <summary>The ids a captured trip was made with, and those a writer replays it with.</summary>
internal sealed record CrewIds(Guid Vehicle, Guid Driver, Guid Account, string Plate);

/// <summary>
/// The most the database allows for a trip's work: the statements Marten sent for one trip's six commands, replayed
/// straight through Npgsql by as many writers as the command path has clients, each command in one transaction.
/// Every replayed trip gets ids of its own (the trip, its events, its timers) and every writer the car, driver and
/// account of its own crew, as each HTTP client has; the pool's dispatch register and policy stay shared, so that
/// dispatches queue for the register here as they do in Fleet: a few at a time in the process, before taking a connection
/// (ADR 024), then behind the register's row lock (ADR 004).
/// </summary>
internal static class SqlFloor
{
    public static async Task<Tally> RunAsync(NpgsqlDataSource source, IReadOnlyList<(string Command, IReadOnlyList<CapturedRoundTrip> Sql)> trip,
        Guid capturedTrip, CrewIds capturedCrew, IReadOnlyList<CrewIds> crews, int writers, TimeSpan duration)
    {
        var desk = Desk.For(trip);
        var tally = new Tally();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
                await ReplayAsync(source, desk, trip, capturedTrip, capturedCrew, crews[writer], tally, Stopwatch.GetTimestamp());
        }));
        tally.Stop();
        return tally;
    }

    /// <summary>
    /// The same replay at a fixed arrival rate, on the schedule <see cref="CommandPath.OpenLoopAsync"/> drives the server on: a
    /// trip's first command is timed from when it was due, each later one from when the last was answered, so that a backlog
    /// cannot hide.
    /// </summary>
    public static async Task<Tally> AtRateAsync(NpgsqlDataSource source, IReadOnlyList<(string Command, IReadOnlyList<CapturedRoundTrip> Sql)> trip,
        Guid capturedTrip, CrewIds capturedCrew, IReadOnlyList<CrewIds> crews, int rate, TimeSpan duration)
    {
        var desk = Desk.For(trip);
        var tally = new Tally();
        await CommandPath.ScheduledAsync(crews, trip.Count, rate, duration, (crew, due) => ReplayAsync(source, desk, trip, capturedTrip, capturedCrew, crew, tally, due));
        tally.Stop();
        return tally;
    }

    /// <summary>
    /// As the server's own data source: NodaTime values are written as NodaTime values. One for all the floor's runs, as
    /// the server keeps its pool from its warm-up to its measured run: a new pool would open its connections, each a new
    /// backend with empty caches, while the measured commands wait.
    /// </summary>
    public static NpgsqlDataSource DataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNodaTime();
        return builder.Build();
    }

    /// <summary>One trip's six commands, each in a transaction, with the ids of a trip of its own and of <paramref name="crew"/>.</summary>
    /// <param name="firstFrom">When the first command's time starts: when it was sent, or when it was due.</param>
    private static async Task ReplayAsync(NpgsqlDataSource source, Desk desk, IReadOnlyList<(string Command, IReadOnlyList<CapturedRoundTrip> Sql)> trip,
        Guid capturedTrip, CrewIds capturedCrew, CrewIds crew, Tally tally, long firstFrom)
    {
        var ids = new Dictionary<Guid, Guid>
        {
            [capturedCrew.Vehicle] = crew.Vehicle,
            [capturedCrew.Driver] = crew.Driver,
            [capturedCrew.Account] = crew.Account,
            [capturedTrip] = Guid.CreateVersion7(),
        };
        var plates = (capturedCrew.Plate, crew.Plate);
        var started = firstFrom;
        for (var i = 0; i < trip.Count; i++)
        {
            var (command, sql) = trip[i];
            var queued = desk.Queues(i);
            if (queued) await desk.Turns.WaitAsync();
            try
            {
                await CommandAsync(source, sql, ids, plates);
            }
            finally
            {
                if (queued) desk.Turns.Release();
            }

            tally.Add(command, Stopwatch.GetElapsedTime(started));
            started = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>One command's statements in one transaction, as Marten sent them.</summary>
    private static async Task CommandAsync(NpgsqlDataSource source, IReadOnlyList<CapturedRoundTrip> sql, Dictionary<Guid, Guid> ids,
        (string From, string To) plates)
    {
        // What each stream's version was when this command read it: its appends expect exactly that.
        var versions = new Dictionary<Guid, long>();
        await using var connection = await source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var roundTrip in sql)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var statement in roundTrip.Statements) batch.BatchCommands.Add(Replayed(statement, ids, plates, versions));

            await using var reader = await batch.ExecuteReaderAsync();
            var reads = roundTrip.Statements.All(IsRead);
            var index = 0;
            do
            {
                var versionRead = reads && roundTrip.Statements[index].Sql.StartsWith(VersionRead, StringComparison.Ordinal);
                while (await reader.ReadAsync())
                    if (versionRead) versions[(Guid)batch.BatchCommands[index].Parameters[0].Value!] = reader.GetInt64(0);
                index++;
            } while (await reader.NextResultAsync());
        }

        await transaction.CommitAsync();
    }

    private const string VersionRead = "select version from public.mt_streams where id = $1";
    private const string QuickAppend = "select public.mt_quick_append_events(";

    /// <summary>
    /// The replay's <see cref="DispatchQueue"/>: as many turns, taken by the commands of a trip that lock the register's row
    /// (a dispatch or a reassignment), found once per run.
    /// </summary>
    private sealed class Desk(bool[] queued)
    {
        public SemaphoreSlim Turns { get; } = new(DispatchQueue.AtOnce, DispatchQueue.AtOnce);

        public bool Queues(int command) => queued[command];

        public static Desk For(IReadOnlyList<(string Command, IReadOnlyList<CapturedRoundTrip> Sql)> trip) =>
            new(trip.Select(c => c.Sql.Any(r => r.Statements.Any(s => s.Sql.Contains(" for update", StringComparison.OrdinalIgnoreCase)))).ToArray());
    }

    private static bool IsRead(CapturedStatement statement) =>
        statement.Sql.StartsWith("select ", StringComparison.Ordinal) && !statement.Sql.StartsWith(QuickAppend, StringComparison.Ordinal);

    private static NpgsqlBatchCommand Replayed(CapturedStatement statement, Dictionary<Guid, Guid> ids, (string From, string To) plates,
        Dictionary<Guid, long> versions)
    {
        var replayed = new NpgsqlBatchCommand(statement.Sql);
        // A timer is a new row each time; so is every event, whose ids travel in arrays.
        var fresh = statement.Sql.Contains("wolverine_", StringComparison.Ordinal);
        foreach (var parameter in statement.Parameters) replayed.Parameters.Add(Rebound(parameter, ids, plates, fresh));

        // An append that expected a version expects the one this replay read, as Marten's would.
        if (statement.Sql.StartsWith(QuickAppend, StringComparison.Ordinal) && replayed.Parameters[^1].Value is long and > 0 &&
            versions.TryGetValue((Guid)replayed.Parameters[0].Value!, out var version))
            replayed.Parameters[^1].Value = version;
        return replayed;
    }

    private static NpgsqlParameter Rebound(NpgsqlParameter parameter, Dictionary<Guid, Guid> ids, (string From, string To) plates, bool fresh)
    {
        var copy = parameter.Clone();
        copy.Value = parameter.Value switch
        {
            Guid id => ids.TryGetValue(id, out var mapped) ? mapped : fresh ? ids[id] = Guid.CreateVersion7() : id,
            Guid[] events => events.Select(id => ids.TryGetValue(id, out var mapped) ? mapped : ids[id] = Guid.CreateVersion7()).ToArray(),
            // Documents name their car in their JSON too, and a plate is unique in its pool.
            string json when parameter.NpgsqlDbType == NpgsqlTypes.NpgsqlDbType.Jsonb => Renamed(json, ids, plates),
            char[] json when parameter.NpgsqlDbType == NpgsqlTypes.NpgsqlDbType.Jsonb =>
                Renamed(new string(json, 0, parameter.Size > 0 ? Math.Min(parameter.Size, json.Length) : json.Length), ids, plates),
            byte[] json when parameter.NpgsqlDbType == NpgsqlTypes.NpgsqlDbType.Jsonb =>
                Renamed(System.Text.Encoding.UTF8.GetString(json, 0, parameter.Size > 0 ? Math.Min(parameter.Size, json.Length) : json.Length), ids, plates),
            _ => parameter.Value,
        };
        if (copy.Value is string) copy.Size = 0;
        return copy;
    }

    private static string Escaped(string text) => System.Text.Json.JsonSerializer.Serialize(text)[1..^1];

    private static string Renamed(string json, Dictionary<Guid, Guid> ids, (string From, string To) plates)
    {
        // JSON may carry the plate as written or with its Chinese character escaped.
        var renamed = json.Replace(plates.From, plates.To, StringComparison.Ordinal)
            .Replace(Escaped(plates.From), Escaped(plates.To), StringComparison.Ordinal);
        foreach (var (from, to) in ids) renamed = renamed.Replace(from.ToString(), to.ToString(), StringComparison.Ordinal);
        return renamed;
    }
}
