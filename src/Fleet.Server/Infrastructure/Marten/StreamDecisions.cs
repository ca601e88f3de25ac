using JasperFx.Events;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// The one shape of every command on an existing stream: load it for writing under optimistic concurrency, let
/// the pure decision speak, append what it decided, and answer with the state the new events lead to. Two
/// people changing one record at once cannot overwrite each other: the second gets a 409.
/// </summary>
public static class StreamDecisions
{
    public static Task<Outcome<T>> DecideAsync<T>(IDocumentSession session, Guid id, Problem notFound, Func<T, Decision> decide,
        CancellationToken cancellation) where T : class =>
        DecideAsync(session.Events, id, notFound, decide, cancellation);

    /// <summary>As above on the events of a pool named explicitly (<c>session.ForTenant(pool).Events</c>), where a rule crosses pools.</summary>
    public static async Task<Outcome<T>> DecideAsync<T>(IEventStoreOperations events, Guid id, Problem notFound, Func<T, Decision> decide,
        CancellationToken cancellation) where T : class
    {
        var stream = await events.FetchForWriting<T>(id, cancellation);
        return stream.Aggregate is { } state ? Decide(stream, state, decide) : Outcome<T>.Refused(notFound);
    }

    /// <summary>As above for a stream its first event starts, such as a pool's one stream of something: a missing stream is <paramref name="empty"/>.</summary>
    public static async Task<Outcome<T>> DecideAsync<T>(IDocumentSession session, Guid id, T empty, Func<T, Decision> decide,
        CancellationToken cancellation) where T : class
    {
        var stream = await session.Events.FetchForWriting<T>(id, cancellation);
        return Decide(stream, stream.Aggregate ?? empty, decide);
    }

    private static Outcome<T> Decide<T>(IEventStream<T> stream, T state, Func<T, Decision> decide) where T : class
    {
        var decision = decide(state);
        if (!decision.IsAccepted) return Outcome<T>.Refused(decision.Problems);

        stream.AppendMany(decision.Events);
        return decision.Events.Aggregate(state, (current, e) => current.Evolve(e));
    }

    /// <summary>
    /// Moves a record to another pool in one transaction: its stream here ends with the transfer event the decision
    /// made, and the same id starts a stream in the receiving pool (another tenant) with what it carries over.
    /// </summary>
    public static async Task<Outcome<T>> MoveToPoolAsync<T>(IDocumentSession session, Guid id, string? toPool, Problem notFound,
        Func<T, Decision> decide, Func<T, object, (string Pool, object Received)> receive, Func<object, T> start,
        CancellationToken cancellation) where T : class
    {
        var target = toPool?.Trim();
        if (!string.IsNullOrEmpty(target) && !await PoolExistsAsync(session, target, cancellation))
            return Outcome<T>.Refused(Problem.NotFound("pool.not_found", "There is no pool {0}.", target));

        var stream = await session.Events.FetchForWriting<T>(id, cancellation);
        if (stream.Aggregate is not { } state) return Outcome<T>.Refused(notFound);

        var decision = decide(state);
        if (!decision.IsAccepted) return Outcome<T>.Refused(decision.Problems);

        var transferred = decision.Events.Single();
        stream.AppendOne(transferred);
        var (pool, received) = receive(state, transferred);
        session.ForTenant(pool).Events.StartStream<T>(id, received);
        return start(received);
    }

    /// <summary>A pool is the city or a district that is not closed; its code is its organisation's code.</summary>
    public static Task<bool> PoolExistsAsync(IQuerySession session, string code, CancellationToken cancellation) =>
        session.Query<Fleet.Domain.Organisations.Organisation>()
            .AnyAsync(o => o.InCity() && o.Code == code && o.Pool == code && !o.Closed, cancellation);
}
