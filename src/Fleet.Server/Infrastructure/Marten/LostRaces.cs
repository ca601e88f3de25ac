using Npgsql;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// Recognises a command that lost a race: another command on the same record committed between this one's read and
/// its write, and the store refused the second writer. Nothing was written, the record is as the winner left it, and
/// sending the command again decides afresh on the new state. Marten 9.62 and Npgsql report it in several shapes,
/// as seen in the server log of concurrent commands, and any of them may arrive wrapped (a MartenCommandException,
/// an AggregateException of a batch).
/// </summary>
public static class LostRaces
{
    /// <summary>
    /// The primary keys of the event store: a second event at a stream's version, a second stream under one id. A
    /// unique rule of the domain (a plate, a login name) has its own problem and is not a lost race.
    /// </summary>
    private static readonly HashSet<string> EventStoreKeys = new(StringComparer.Ordinal)
    {
        "pk_mt_events_stream_and_version",
        "pkey_mt_events_stream_and_version",
        "pk_mt_streams",
        "pkey_mt_streams_id",
        "pkey_mt_streams_id_tenant_id",
    };

    /// <summary>What Marten's quick append raises when the stream moved on after it was read (<c>mt_quick_append_events</c>).</summary>
    private const string QuickAppendVersionMismatch = "MT003";

    public static bool Lost(Exception exception) => Chain(exception).Any(IsLostRace);

    private static bool IsLostRace(Exception e) => e switch
    {
        // FetchForWriting's expected version (EventStreamUnexpectedMaxEventIdException), tag-based consistency
        // (DcbConcurrencyException) and a document's optimistic version all derive from this one.
        JasperFx.ConcurrencyException => true,
        global::Marten.Exceptions.ConcurrentUpdateException => true,
        JasperFx.Events.ExistingStreamIdCollisionException or global::Marten.Exceptions.ExistingStreamIdCollisionException => true,
        JasperFx.Events.StreamLockedException or global::Marten.Exceptions.StreamLockedException => true,
        // An inline projection inserting the document the winner has just inserted.
        JasperFx.DocumentAlreadyExistsException => true,
        PostgresException { SqlState: QuickAppendVersionMismatch } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: { } name } => EventStoreKeys.Contains(name)
                                                                                                         || name.StartsWith("mt_doc_", StringComparison.Ordinal) && name.EndsWith("_pkey", StringComparison.Ordinal),
        // Two commands waiting on each other's rows: PostgreSQL cancels one, and it can simply be sent again.
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        _ => false,
    };

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var e))
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is { } inner) pending.Push(inner);
        }
    }
}
