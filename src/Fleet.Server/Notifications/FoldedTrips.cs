using Fleet.Domain.Common;
using Fleet.Domain.Trips;
using JasperFx.Events;

namespace Fleet.Server.Notifications;

/// <summary>
/// The trips the notification feed folded lately, each as it stood after the last of its events the feed saw. A trip's
/// events reach the feed a few at a time over its life; without this memory every page read each of its trips' whole
/// history again, so a trip's tenth event cost ten events read and folded. A trip is taken up from here only when the
/// page holds the very next versions of its stream, none missing; anything else (a page repeated after a fault, a stream
/// with events the feed does not follow, a trip forgotten) is folded from its history as before, so the memory can only
/// save reads, never change a notice.
/// </summary>
/// <remarks>
/// Two generations of at most <paramref name="capacity"/> trips each: a trip seen in the newer one stays there, the older
/// one is dropped whole when the newer fills. Trips in progress are seen every few minutes and stay; finished ones age out.
/// Used by one page at a time: the subscription's pages come one after another.
/// </remarks>
public sealed class FoldedTrips(int capacity = FoldedTrips.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private Dictionary<(string Pool, Guid Trip), (long Version, Trip? State)> _newer = [];
    private Dictionary<(string Pool, Guid Trip), (long Version, Trip? State)> _older = [];

    public int Count => _newer.Count + _older.Count;

    /// <summary>
    /// Where each stream of a page starts from, decided for all of them before any is folded: remembering one trip can
    /// push another out, which must not change what was decided for it.
    /// </summary>
    public List<FoldStart> StartsOf(IEnumerable<List<IEvent>> streams) =>
        streams.Select(events => TryResume(events, out var before) ? new FoldStart(events, true, before) : new FoldStart(events, false, null)).ToList();

    /// <summary>
    /// The trip as it stood before <paramref name="events"/> (one stream's, in version order), when they follow on from
    /// what is remembered of it without a gap, or begin the stream.
    /// </summary>
    public bool TryResume(IReadOnlyList<IEvent> events, out Trip? before)
    {
        before = null;
        if (events.Count == 0) return false;
        for (var i = 1; i < events.Count; i++)
            if (events[i].Version != events[0].Version + i) return false;

        var first = events[0];
        if (first.Version == 1) return true;
        if (Find((first.TenantId, first.StreamId)) is not { } seen || seen.Version != first.Version - 1) return false;
        before = seen.State;
        return true;
    }

    public void Remember(string pool, Guid trip, long version, Trip? state)
    {
        var key = (pool, trip);
        _older.Remove(key);
        if (!_newer.ContainsKey(key) && _newer.Count >= capacity)
        {
            _older = _newer;
            _newer = [];
        }

        _newer[key] = (version, state);
    }

    public void Forget(string pool, Guid trip)
    {
        _newer.Remove((pool, trip));
        _older.Remove((pool, trip));
    }

    private (long Version, Trip? State)? Find((string, Guid) key) =>
        _newer.TryGetValue(key, out var seen) || _older.TryGetValue(key, out seen) ? seen : null;
}

/// <summary>One stream's events of a page, and whether they follow on from the trip as remembered (<paramref name="Before"/>) or need its history.</summary>
public readonly record struct FoldStart(List<IEvent> Events, bool Resumes, Trip? Before);
