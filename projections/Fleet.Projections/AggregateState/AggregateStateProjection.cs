using Fleet.Domain.Common;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Fleet.Projections.AggregateState;

/// <summary>
/// Keeps one aggregate's current state as a document, inline, so that its commands, lists and checks read their own
/// writes. It folds by the aggregate's own <c>From</c> and <c>When</c> methods (<see cref="Evolution"/>), the same fold a
/// decision uses before the events are stored: each event an aggregate knows is listed once, in the aggregate, and the
/// events this projection reads are the ones those methods take.
/// </summary>
public sealed class AggregateStateProjection<T> : SingleStreamProjection<T, Guid> where T : class
{
    private readonly HashSet<Type> _ending = [];

    public AggregateStateProjection()
    {
        // Named after the aggregate, as the per-aggregate classes it replaces were, so the store sees the same projections.
        Name = typeof(T).Name;
        foreach (var type in Evolution.EventsOf<T>()) IncludeType(type);
    }

    /// <summary>
    /// An event after which the stream's document leaves this pool's store: a car or driver moved to another pool is no
    /// longer this pool's to dispatch, while its history stays in the events.
    /// </summary>
    public AggregateStateProjection<T> EndsWith<TEvent>()
    {
        _ending.Add(typeof(TEvent));
        IncludeType(typeof(TEvent));
        return this;
    }

    /// <summary>How many events a rebuild reads at a time: more for aggregates whose events lie days apart in the store.</summary>
    public AggregateStateProjection<T> RebuildingInPagesOf(int events)
    {
        Options.BatchSize = events;
        return this;
    }

    public override T? Evolve(T? snapshot, Guid id, IEvent e) =>
        _ending.Contains(e.EventType) ? null
        : snapshot is null ? Evolution.Begin<T>(e.Data)
        : snapshot.Evolve(e.Data);
}
