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
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique => IsStoreKey(unique),
        // Two commands waiting on each other's rows: PostgreSQL cancels one, and it can simply be sent again.
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        _ => false,
    };

    /// <summary>
    /// A second event at a stream's version or a second stream under one id (the event store's own keys), or a second
    /// document under one id. A unique rule of the domain (a plate, a login name) has its own problem and is checked first.
    /// </summary>
    private static bool IsStoreKey(PostgresException unique) =>
        unique.TableName is "mt_events" or "mt_streams"
        || unique.ConstraintName == "pk_mt_events_stream_and_version"
        || (unique.TableName?.StartsWith("mt_doc_", StringComparison.Ordinal) == true && unique.ConstraintName?.EndsWith("_pkey", StringComparison.Ordinal) == true);

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
