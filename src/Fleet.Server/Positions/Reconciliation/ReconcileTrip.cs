using Fleet.Domain.Positions.Reconciliation;
using Fleet.Domain.Trips;
using Fleet.Projections.Terminals;
using Fleet.Server.Positions.Store;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Wolverine.Marten.Subscriptions;

namespace Fleet.Server.Positions.Reconciliation;

/// <summary>Check a finished trip's track against what was approved and declared for it.</summary>
public sealed record ReconcileTrip(string Pool, Guid TripId);

/// <summary>
/// Asks for each trip's check when it is finished, in store order: the messages go out in the transaction that moves the
/// subscription on, so a crash repeats a page and never loses one; the check itself refuses to run twice.
/// </summary>
public sealed class TripFinishedFeed : BatchSubscription
{
    public const string Name = "TripTrackReconciliation";

    private readonly TimeSpan _after;

    /// <param name="after">How long after the finish the check runs (<see cref="PositionSettings.TripCheckAfter"/>).</param>
    public TripFinishedFeed(TimeSpan after) : base(Name)
    {
        _after = after;
        IncludeType<TripFinished>();
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        IMessageBus bus, CancellationToken cancellationToken)
    {
        var delay = _after > TimeSpan.Zero ? new DeliveryOptions { ScheduleDelay = _after } : null;
        var finished = page.Events.Where(e => e.Data is TripFinished).DistinctBy(e => (e.TenantId, e.StreamId))
            .Select(e => (e.TenantId, Trip: e.StreamId, ((TripFinished)e.Data).VehicleId)).ToList();
        var fitted = await FittedAsync(operations, finished.Select(f => f.VehicleId).Distinct().ToArray(), cancellationToken);
        // A car with no terminal has no track, and the check would conclude nothing (see the handler): it is not asked
        // for, which spares most cars of a pool without terminals a durable message, a timer and a read of the trip.
        foreach (var (pool, trip, _) in finished.Where(f => fitted.Contains((f.TenantId, f.VehicleId))))
            await bus.PublishAsync(new ReconcileTrip(pool, trip), delay);
    }

    /// <summary>The cars of <paramref name="vehicles"/> that carry a terminal now, by pool, in one read.</summary>
    private static async Task<HashSet<(string Pool, Guid Vehicle)>> FittedAsync(IQuerySession session, Guid[] vehicles, CancellationToken cancellation)
    {
        if (vehicles.Length == 0) return [];
        var registrations = await session.Query<TerminalRegistration>().Where(r => r.AnyTenant() && r.Id.IsOneOf(vehicles)).ToListAsync(cancellation);
        return registrations.Select(r => (r.Pool, r.Id)).ToHashSet();
    }
}

public static class ReconcileTripHandler
{
    /// <summary>
    /// Before the approved start and after the return the car may be away for the trip: the track read reaches this far
    /// beyond the slack on either side, so that leaving early and coming back late are on it.
    /// </summary>
    public static readonly Duration Margin = Duration.FromHours(1);

    /// <summary>
    /// Appends <see cref="TripTrackReconciled"/> to the trip's stream, once per trip, thresholds' version and track: a
    /// terminal's late batch (a blind-area upload) or a new version checks again, a repeat finds the mark. A car with no
    /// terminal bound while the trip ran has no track: nothing is concluded and nothing is stored.
    /// </summary>
    public static async Task Handle(ReconcileTrip message, IDocumentStore store, PositionReader positions, PositionSettings settings, IClock clock,
        CancellationToken cancellation)
    {
        await using var session = store.LightweightSession(message.Pool);
        // Loaded for writing: a command on the trip in between (the clerk confirming it) makes this check lose the race
        // cleanly and run again, rather than collide with it in the event store.
        var stream = await session.Events.FetchForWriting<Trip>(message.TripId, cancellation);
        if (stream.Aggregate is not { ReturnedAt: { } returned, Assignment: { } assignment } trip) return;
        var registration = await session.LoadAsync<TerminalRegistration>(assignment.VehicleId, cancellation);
        if (registration is null || registration.BoundAt > returned) return;

        var policy = await ReconciliationPolicyInForce.CurrentAsync(session, cancellation);
        var facts = TripFacts.Of(trip, terminalBound: true)!;
        var from = Earlier(facts.WindowStart, facts.DrivenFrom) - policy.AwaySlack - Margin;
        var to = Later(facts.WindowEnd, facts.DrivenTo) + policy.AwaySlack + Margin;
        var track = await positions.TrackAsync(message.Pool, assignment.VehicleId, new Interval(from, to), cancellation);
        var mark = ReconciliationMark.OfTrip(trip.Id, policy.Version, track.Count);
        if (await session.LoadAsync<ReconciliationMark>(mark.Id, cancellation) is not null) return;
        var places = new ReconciliationPlaces(settings.BaseOf(message.Pool), settings.CityAreaOrNone(), await GeofencesAsync(session, cancellation));

        var reconciled = TripReconciliation.Check(facts, track.Select(ReconciliationTrack.PointOf), places, policy, clock.GetCurrentInstant());
        stream.AppendOne(reconciled);
        // Stored, not inserted: a second run at the same moment (a page of the subscription repeated) writes the same
        // check again rather than fail after its event was numbered, which would leave a gap filler in the audit chain.
        session.Store(mark);
        await session.SaveChangesAsync(cancellation);
    }

    internal static async Task<IReadOnlyList<Geofence>> GeofencesAsync(IQuerySession session, CancellationToken cancellation) =>
        (await session.Query<GeofenceOutline>().ToListAsync(cancellation)).Select(g => g.ToGeofence()).ToList();

    private static Instant Earlier(Instant a, Instant b) => a < b ? a : b;

    private static Instant Later(Instant a, Instant b) => a > b ? a : b;
}

/// <summary>
/// That a trip or a car-day was checked under a version of the thresholds, written with the check's event: a message
/// handled again (a repeated page, two nodes) finds it and adds nothing; of two runs at the very same moment, each loading
/// the stream for writing, the second is refused and, retried, finds it. A new version checks again, and so does a track that has grown: positions are only ever added, so their count
/// tells a track that late ones joined from the one checked.
/// </summary>
public sealed record ReconciliationMark(string Id)
{
    public static ReconciliationMark OfTrip(Guid trip, int version, int fixes) => new($"trip|{trip:N}|{version}|{fixes}");

    public static ReconciliationMark OfDay(Guid vehicle, LocalDate day, int version, int fixes) => new($"day|{vehicle:N}|{day:yyyy-MM-dd}|{version}|{fixes}");
}

/// <summary>What the reconciliation reads of a stored position.</summary>
public static class ReconciliationTrack
{
    /// <summary>JT/T 808 status bit 0: the ignition (ACC) is on; bit 1: the terminal has a satellite fix.</summary>
    private const uint AccOn = 1, Positioned = 1 << 1;

    public static TrackPoint PointOf(Fleet.Domain.Positions.Position p) =>
        new(p.At, p.LatitudeDegrees, p.LongitudeDegrees, p.Speed / 10.0, (p.Status & AccOn) != 0, (p.Status & Positioned) != 0);
}
