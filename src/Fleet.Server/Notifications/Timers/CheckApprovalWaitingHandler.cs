using Fleet.Domain.Common;
using Fleet.Domain.Notifications;
using Fleet.Domain.Trips;

namespace Fleet.Server.Notifications.Timers;

public static class CheckApprovalWaitingHandler
{
    /// <summary>
    /// The request's wait is over: if nothing has moved it on since its heads were asked, its deputies are told, once
    /// (the notification's id comes from the asking event). A wait scheduled before notifications were switched off tells nobody.
    /// </summary>
    public static async Task Handle(CheckApprovalWaiting message, IDocumentStore store, NotificationStore notifications, NotificationDispatch dispatch,
        NotificationSettings settings, IClock clock, IMessageBus bus, CancellationToken cancellation)
    {
        if (!settings.Enabled) return;
        await using var pool = store.LightweightSession(message.Pool);
        var events = await pool.Events.FetchStreamAsync(message.TripId, token: cancellation);
        if (events.Count == 0) return;

        var trip = events.Skip(1).Aggregate(Evolution.Begin<Trip>(events[0].Data)!, (t, e) => t.Evolve(e.Data));
        if (!TripNotices.StillWaiting(trip, events.Where(e => e.Version > message.Version).Select(e => e.Data))) return;

        var now = clock.GetCurrentInstant();
        var facts = await NotificationFeed.FactsAsync(new NotificationLookups(pool), trip, events.First(e => e.Version == message.Version).Data, cancellation);
        var outgoing = new Outgoing();
        await dispatch.TellAsync(pool, outgoing, message.Asking.ToString("N"), TripNotices.Overdue(trip, now), trip.Pool, trip, facts,
            $"/trips/{trip.Id}", now, cancellation);
        await outgoing.QueueAsync(notifications, pool, bus, now);
        await pool.SaveChangesAsync(cancellation);
    }
}
