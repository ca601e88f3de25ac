using System.Text;
using Npgsql;

namespace Fleet.Reliability.Tests;

/// <summary>What the database holds after a run, held against what the clients were told.</summary>
public sealed record Findings
{
    public int Acknowledged { get; init; }
    public int Refused { get; init; }
    public int AnswersLost { get; init; }

    /// <summary>Acknowledged commands with no event under their key.</summary>
    public List<string> Lost { get; init; } = [];

    /// <summary>Keys under which one stream got the same kind of event twice.</summary>
    public List<string> Duplicated { get; init; } = [];

    /// <summary>Refused commands that wrote something all the same.</summary>
    public List<string> RefusedButWritten { get; init; } = [];

    /// <summary>Two trips holding one car or one driver for overlapping hours at the same time.</summary>
    public List<string> DoubleBookings { get; init; } = [];

    /// <summary>Dispatch order numbers missing or issued twice (they run 1, 2, 3 … per pool and year).</summary>
    public List<string> OrderGaps { get; init; } = [];

    /// <summary>The last event's sequence number; numbers of transactions that rolled back are never used, so it may exceed <see cref="EventCount"/>.</summary>
    public long Events { get; init; }
    public long EventCount { get; init; }
    public long HighWaterMark { get; init; }

    /// <summary>Every asynchronous projection (shard) and how far it has read.</summary>
    public Dictionary<string, long> Progress { get; init; } = [];

    public long TripsRequested { get; init; }
    public long LogbookLines { get; init; }
    public long TripsFinished { get; init; }
    public long TotalsTrips { get; init; }
    public long Ratings { get; init; }
    public long TotalsRatings { get; init; }
    public long DispatchOrders { get; init; }

    /// <summary>Finished trips nobody confirmed that the pool's timer has not closed.</summary>
    public long WaitingToClose { get; init; }
    public long ClosedByTimer { get; init; }
    public long TripsClosed { get; init; }

    /// <summary>Messages received or due that no node has handled; scheduled timers still in the future are not stuck.</summary>
    public long StuckMessages { get; init; }
    public long OutgoingMessages { get; init; }
    public long DeadLetters { get; init; }

    /// <summary>Why Wolverine gave up on the messages it dead-lettered: their type, the exception and its message.</summary>
    public IReadOnlyList<string> DeadLetterReasons { get; init; } = [];

    public bool ProjectionsCaughtUp => Progress.Count > 0 && Progress.Values.All(p => p == HighWaterMark) && HighWaterMark == Events;

    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine($"acknowledged {Acknowledged}, refused {Refused}, answers lost {AnswersLost}; events {EventCount} up to {Events}, high water {HighWaterMark}");
        text.AppendLine($"progress: {string.Join(", ", Progress.Select(p => $"{p.Key} {p.Value}"))}");
        text.AppendLine($"trips requested {TripsRequested}, logbook lines {LogbookLines}; finished {TripsFinished}, in the totals {TotalsTrips}; " +
                        $"ratings {Ratings}, in the totals {TotalsRatings}; orders {DispatchOrders}");
        text.AppendLine($"closed {TripsClosed}, waiting to close {WaitingToClose}, closed by the timer {ClosedByTimer}; stuck messages {StuckMessages}, outgoing {OutgoingMessages}, " +
                        $"dead letters {DeadLetters}");
        foreach (var (name, list) in new[] { ("lost", Lost), ("duplicated", Duplicated), ("refused but written", RefusedButWritten),
                     ("double bookings", DoubleBookings), ("order gaps", OrderGaps) })
            if (list.Count > 0) text.AppendLine($"{name}: {string.Join("; ", list.Take(10))}");
        foreach (var reason in DeadLetterReasons) text.AppendLine($"dead letter: {reason}");
        return text.ToString();
    }
}

/// <summary>Reads the event store, the projections and the message store directly, as an auditor with database access would.</summary>
public static class StoreAudit
{
    private static readonly string[] Releases = ["trip_finished", "trip_cancelled", "trip_declined", "trip_undispatched", "trip_reassigned"];

    public static async Task<Findings> ExamineAsync(string connectionString, IReadOnlyList<SentCommand> commands)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        var written = new Dictionary<string, List<(Guid Stream, string Type)>>();
        await using (var reader = await Command(connection, """
                         select headers->>'idempotency-key', stream_id, type from public.mt_events where headers ? 'idempotency-key'
                         """).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var key = reader.GetString(0);
                if (!written.TryGetValue(key, out var list)) written[key] = list = [];
                list.Add((reader.GetGuid(1), reader.GetString(2)));
            }
        }

        var lost = new List<string>();
        var refusedButWritten = new List<string>();
        foreach (var command in commands)
        {
            var events = written.GetValueOrDefault(command.Key) ?? [];
            if (command.Outcome == Outcome.Refused && events.Count > 0) refusedButWritten.Add($"{command.Kind} {command.Path} ({command.Code})");
            // A command whose answer was lost may have been refused: only a success answer promises events.
            if (command.Outcome == Outcome.Acknowledged && events.Count == 0) lost.Add($"{command.Kind} {command.Path}");
        }

        var duplicated = written
            .SelectMany(w => w.Value.GroupBy(e => e).Where(g => g.Count() > 1).Select(g => $"{w.Key}: {g.Key.Type} ×{g.Count()} on {g.Key.Stream}"))
            .ToList();

        return new Findings
        {
            Acknowledged = commands.Count(c => c.Outcome == Outcome.Acknowledged),
            Refused = commands.Count(c => c.Outcome == Outcome.Refused),
            AnswersLost = commands.Count(c => c.Outcome == Outcome.AnswerLost),
            Lost = lost,
            Duplicated = duplicated,
            RefusedButWritten = refusedButWritten,
            DoubleBookings = await DoubleBookingsAsync(connection),
            OrderGaps = await OrderGapsAsync(connection),
            Events = await ScalarAsync(connection, "select coalesce(max(seq_id), 0) from public.mt_events"),
            EventCount = await ScalarAsync(connection, "select count(*) from public.mt_events"),
            HighWaterMark = await ScalarAsync(connection, "select coalesce((select last_seq_id from public.mt_event_progression where name = 'HighWaterMark'), 0)"),
            Progress = await ProgressAsync(connection),
            TripsRequested = await CountEventsAsync(connection, "trip_requested"),
            LogbookLines = await ScalarAsync(connection, "select count(*) from public.mt_doc_logbookentry"),
            TripsFinished = await CountEventsAsync(connection, "trip_finished"),
            // A day's totals count each trip once, on the day it left: summed over the days, every finished trip once.
            TotalsTrips = await ScalarAsync(connection, "select coalesce(sum((data->>'trips')::bigint), 0) from public.mt_doc_logbooktotals where length(id) = 10"),
            Ratings = await CountEventsAsync(connection, "trip_rated"),
            TotalsRatings = await ScalarAsync(connection, "select coalesce(sum((data->>'ratings')::bigint), 0) from public.mt_doc_logbooktotals where length(id) = 10"),
            DispatchOrders = await CountEventsAsync(connection, "dispatch_order_issued"),
            WaitingToClose = await ScalarAsync(connection, "select count(*) from public.mt_doc_trip where lower(data->>'status') = 'completed'"),
            TripsClosed = await ScalarAsync(connection, "select count(*) from public.mt_doc_trip where lower(data->>'status') = 'closed'"),
            ClosedByTimer = await ScalarAsync(connection, "select count(*) from public.mt_events where type = 'trip_closed' and lower(data->>'how') = 'automatically'"),
            StuckMessages = await ScalarAsync(connection,
                "select count(*) from public.wolverine_incoming_envelopes where status <> 'Handled' and (execution_time is null or execution_time < now() - interval '30 seconds')"),
            OutgoingMessages = await ScalarAsync(connection, "select count(*) from public.wolverine_outgoing_envelopes"),
            DeadLetters = await ScalarAsync(connection, "select count(*) from public.wolverine_dead_letters") +
                          // Marten creates its table of events a projection could not apply only when it first needs it.
                          (await ScalarAsync(connection, "select count(*) from pg_tables where schemaname = 'public' and tablename = 'mt_doc_deadletterevent'") > 0
                              ? await ScalarAsync(connection, "select count(*) from public.mt_doc_deadletterevent")
                              : 0),
            DeadLetterReasons = await TextsAsync(connection,
                "select message_type || ': ' || exception_type || ': ' || left(exception_message, 300) from public.wolverine_dead_letters order by sent_at limit 10"),
        };
    }

    /// <summary>
    /// Two dispatches of one car or driver whose reserved hours overlap are a double booking unless the first trip let go
    /// of it (finished, cancelled, declined, undispatched, reassigned) before the second was dispatched. Dispatches are
    /// serialized by the pool's register, so store order is the order in which they were decided.
    /// </summary>
    private static async Task<List<string>> DoubleBookingsAsync(NpgsqlConnection connection)
    {
        var dispatches = new List<(long Seq, Guid Trip, Guid Vehicle, Guid? Driver, DateTimeOffset From, DateTimeOffset Until)>();
        await using (var reader = await Command(connection, """
                         select seq_id, stream_id, data->'assignment'->>'vehicleId', data->'assignment'->>'driverId',
                                (data->'assignment'->>'reservedFrom')::timestamptz, (data->'assignment'->>'reservedUntil')::timestamptz
                         from public.mt_events where type = 'trip_dispatched' order by seq_id
                         """).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                dispatches.Add((reader.GetInt64(0), reader.GetGuid(1), Guid.Parse(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : Guid.Parse(reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        var releases = new Dictionary<Guid, List<long>>();
        await using (var command = Command(connection, "select stream_id, seq_id from public.mt_events where type = any(@types) order by seq_id"))
        {
            command.Parameters.AddWithValue("types", Releases);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (!releases.TryGetValue(reader.GetGuid(0), out var list)) releases[reader.GetGuid(0)] = list = [];
                list.Add(reader.GetInt64(1));
            }
        }

        var found = new List<string>();
        for (var later = 0; later < dispatches.Count; later++)
        for (var earlier = 0; earlier < later; earlier++)
        {
            var (a, b) = (dispatches[earlier], dispatches[later]);
            var shared = a.Vehicle == b.Vehicle || (a.Driver is { } driver && driver == b.Driver);
            if (!shared || !(a.From < b.Until && b.From < a.Until)) continue;
            var released = releases.GetValueOrDefault(a.Trip)?.Any(seq => seq > a.Seq && seq < b.Seq) ?? false;
            if (!released) found.Add($"trips {a.Trip} (event {a.Seq}) and {b.Trip} (event {b.Seq})");
        }

        return found;
    }

    private static async Task<List<string>> OrderGapsAsync(NpgsqlConnection connection)
    {
        var numbers = new Dictionary<string, List<int>>();
        await using (var reader = await Command(connection, """
                         select data->'number'->>'pool', data->'number'->>'year', (data->'number'->>'sequence')::int
                         from public.mt_events where type = 'dispatch_order_issued'
                         """).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var register = $"{reader.GetString(0)}-{reader.GetString(1)}";
                if (!numbers.TryGetValue(register, out var list)) numbers[register] = list = [];
                list.Add(reader.GetInt32(2));
            }
        }

        return numbers
            .Where(n => !n.Value.Order().SequenceEqual(Enumerable.Range(1, n.Value.Count)))
            .Select(n => $"{n.Key}: {n.Value.Count} orders, numbers {n.Value.Min()}–{n.Value.Max()}, {n.Value.Count - n.Value.Distinct().Count()} repeated")
            .ToList();
    }

    private static async Task<Dictionary<string, long>> ProgressAsync(NpgsqlConnection connection)
    {
        var progress = new Dictionary<string, long>();
        await using var reader = await Command(connection, "select name, last_seq_id from public.mt_event_progression where name like '%:%'")
            .ExecuteReaderAsync();
        while (await reader.ReadAsync()) progress[reader.GetString(0)] = reader.GetInt64(1);
        return progress;
    }

    private static Task<long> CountEventsAsync(NpgsqlConnection connection, string type) =>
        ScalarAsync(connection, $"select count(*) from public.mt_events where type = '{type}'");

    public static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = Command(connection, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<IReadOnlyList<string>> TextsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = Command(connection, sql);
        await using var reader = await command.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync()) texts.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        return texts;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql) => new(sql, connection);
}
