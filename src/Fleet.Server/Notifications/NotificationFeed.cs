using Fleet.Domain.Common;
using Fleet.Domain.Notifications;
using Fleet.Domain.Trips;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Wolverine.Marten.Subscriptions;

namespace Fleet.Server.Notifications;

/// <summary>
/// Turns the trips' events into notifications, in store order: each event's notices, for the people they name, stored
/// with their deliveries in the transaction that moves the subscription on, so that a crash repeats a page and never
/// loses one; the repeat finds the same ids and adds nothing. Events older than <see cref="NotificationSettings.NewerThan"/>
/// (a history loaded at once, a rebuild) tell nobody.
/// </summary>
public sealed class NotificationFeed : BatchSubscription
{
    public const string Name = "Notifications";

    private readonly IServiceProvider _services;
    private readonly NotificationSettings _settings;
    private readonly IClock _clock;
    private readonly FoldedTrips _folded = new();

    /// <summary>
    /// The store and what depends on it are looked up when the first page arrives: the store is built with this
    /// subscription among its parts, so asking for it while being built would wait for itself.
    /// </summary>
    public NotificationFeed(IServiceProvider services, NotificationSettings settings, IClock clock) : base(Name)
    {
        _services = services;
        _settings = settings;
        _clock = clock;
        foreach (var type in Evolution.EventsOf<Trip>()) IncludeType(type);
    }

    private IDocumentStore Store => _services.GetRequiredService<IDocumentStore>();

    private NotificationDispatch Dispatch => _services.GetRequiredService<NotificationDispatch>();

    private NotificationStore Notifications => _services.GetRequiredService<NotificationStore>();

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        IMessageBus bus, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        var since = now - Duration.FromTimeSpan(_settings.NewerThan);
        var starts = _folded.StartsOf(page.Events.GroupBy(e => (e.TenantId, e.StreamId)).Select(s => s.OrderBy(e => e.Version).ToList()));
        var unfolded = starts.Where(s => !s.Resumes && s.Events.Any(e => Recent(e, since))).Select(s => s.Events[0]).ToList();

        // The page's own database: with cities in databases of their own (ADR 025) each runs this subscription for its events.
        await using var session = Store.QuerySession(global::Marten.Services.SessionOptions.ForDatabase(((IQuerySession)operations).Database));
        var lookups = new NotificationLookups(session);
        var outgoing = new Outgoing();
        var histories = await HistoriesAsync(session, unfolded.Select(e => e.TenantId).Distinct().ToArray(),
            unfolded.Select(e => e.StreamId).ToArray(), cancellationToken);
        var moments = Moments(starts, since, histories, _folded);

        // The page's requesters and drivers in three reads, not three for each of them.
        await lookups.PrefetchAsync(moments.Where(m => m.Notices.Count > 0).Select(m => m.Trip.RequestedBy),
            moments.SelectMany(m => m.Notices).Select(n => n.Driver).OfType<Guid>(), cancellationToken);
        foreach (var (trip, e, notices) in moments)
        {
            foreach (var notice in notices)
            {
                var facts = await FactsAsync(lookups, trip, e.Data, cancellationToken);
                await Dispatch.TellAsync(lookups, outgoing, e.Id.ToString("N"), notice, trip.Pool, trip, facts, $"/trips/{trip.Id}", now, cancellationToken);
            }

            if (e.Data is TripApprovalRequired or TripApprovalChainRequired or TripApproved && trip.Status == TripStatus.Requested)
                await bus.ScheduleAsync(new CheckApprovalWaiting(trip.Id, trip.Pool, e.Version, e.Id),
                    (now + Duration.FromTimeSpan(_settings.ApprovalWaitLimit)).ToDateTimeOffset());
        }

        await outgoing.QueueAsync(Notifications, operations, bus, now);
    }

    private static bool Recent(IEvent e, Instant since) => TripNotices.MomentOf(e.Data) is { } at && at >= since;

    /// <summary>
    /// Each recent event of the page with the trip as it stood after it and the notices it gives, in store order within
    /// each trip. A trip is folded on from where <paramref name="folded"/> left it, or from its history; either way it is
    /// remembered as it stands after the page, and a trip with nothing to tell that cannot be followed on is forgotten.
    /// </summary>
    /// <param name="starts">The page's streams as <see cref="FoldedTrips.StartsOf"/> found them, before this folds any.</param>
    public static List<(Trip Trip, IEvent Event, IReadOnlyList<Notice> Notices)> Moments(
        IReadOnlyList<FoldStart> starts, Instant since, ILookup<Guid, IEvent> histories, FoldedTrips folded)
    {
        var moments = new List<(Trip, IEvent, IReadOnlyList<Notice>)>();
        foreach (var (stream, resumes, before) in starts)
        {
            var (pool, id, last) = (stream[0].TenantId, stream[0].StreamId, stream[^1].Version);
            var wanted = stream.Where(e => Recent(e, since)).Select(e => e.Version).ToHashSet();
            IEnumerable<IEvent> folding;
            Trip? trip;
            if (resumes) (folding, trip) = (stream, before);
            else if (wanted.Count > 0) (folding, trip) = (histories[id].Where(e => e.Version <= last && e.TenantId == pool), null);
            else
            {
                folded.Forget(pool, id);
                continue;
            }

            foreach (var e in folding)
            {
                var previous = trip;
                trip = trip is null ? Evolution.Begin<Trip>(e.Data) : trip.Evolve(e.Data);
                if (trip is not null && wanted.Contains(e.Version)) moments.Add((trip, e, TripNotices.For(previous, trip, e.Data)));
            }

            folded.Remember(pool, id, last, trip);
        }

        return moments;
    }

    /// <summary>
    /// The trips' events so far, in one read for the page: a page under load holds a few events of many trips, and a
    /// read per trip was most of what the feed asked of the database. The store finds a stream's events by pool and
    /// stream (its unique index leads with the pool), so the pools are named: without them every page read the whole store.
    /// </summary>
    private static async Task<ILookup<Guid, IEvent>> HistoriesAsync(IQuerySession session, string[] pools, Guid[] trips, CancellationToken cancellation)
    {
        if (trips.Length == 0) return Array.Empty<IEvent>().ToLookup(e => e.StreamId);
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.TenantIsOneOf(pools) && e.StreamId.IsOneOf(trips))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation);
        return events.ToLookup(e => e.StreamId);
    }

    internal static async Task<NotificationFacts> FactsAsync(NotificationLookups lookups, Trip trip, object e, CancellationToken cancellation)
    {
        var requester = await lookups.NameOfAsync(trip.RequestedBy, cancellation);
        var unit = await lookups.UnitNameAsync(trip.UnitCode, cancellation);
        var reason = e switch
        {
            TripRejected x => x.Reason,
            TripCancelled x => x.Reason,
            TripUndispatched x => x.Reason,
            TripReassigned x => x.Reason,
            TripDeclined x => x.Reason,
            TripDisputed x => x.Details,
            _ => null,
        };
        var order = e switch
        {
            TripUndispatched x => x.VoidedOrder.Text,
            TripDeclined x => x.VoidedOrder.Text,
            _ => trip.Order?.Text,
        };

        return new NotificationFacts(order, trip.Assignment?.Plate, trip.Assignment?.DriverName, requester, unit, trip.Details.Destinations,
            trip.Details.Start, reason);
    }
}

/// <summary>
/// Checks, once the pool's wait is over, whether a request still waits where it did when its heads were asked (by the
/// event <paramref name="Asking"/> at <paramref name="Version"/> of the trip); if so the unit's deputies are told.
/// </summary>
public sealed record CheckApprovalWaiting(Guid TripId, string Pool, long Version, Guid Asking);
