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
        var telling = page.Events
            .Where(e => TripNotices.MomentOf(e.Data) is { } at && at >= since)
            .GroupBy(e => (e.TenantId, e.StreamId))
            .ToList();

        await using var session = Store.QuerySession();
        var lookups = new NotificationLookups(session);
        var outgoing = new Outgoing();
        var histories = await HistoriesAsync(session, telling.Select(stream => stream.Key.TenantId).Distinct().ToArray(),
            telling.Select(stream => stream.Key.StreamId).ToArray(), cancellationToken);
        var moments = Moments(telling, histories);

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

    /// <summary>Each event of the page with the trip as it stood after it and the notices it gives, in store order within each trip.</summary>
    private static List<(Trip Trip, IEvent Event, IReadOnlyList<Notice> Notices)> Moments(
        IEnumerable<IGrouping<(string TenantId, Guid StreamId), IEvent>> telling, ILookup<Guid, IEvent> histories)
    {
        var moments = new List<(Trip, IEvent, IReadOnlyList<Notice>)>();
        foreach (var stream in telling)
        {
            var last = stream.Max(e => e.Version);
            var wanted = stream.Select(e => e.Version).ToHashSet();
            Trip? trip = null;
            foreach (var e in histories[stream.Key.StreamId].Where(e => e.Version <= last && e.TenantId == stream.Key.TenantId))
            {
                var before = trip;
                trip = trip is null ? Evolution.Begin<Trip>(e.Data) : trip.Evolve(e.Data);
                if (trip is not null && wanted.Contains(e.Version)) moments.Add((trip, e, TripNotices.For(before, trip, e.Data)));
            }
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
