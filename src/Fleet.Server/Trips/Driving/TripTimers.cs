using Fleet.Domain.Trips;

namespace Fleet.Server.Trips.Driving;

/// <summary>Checks whether the car of a dispatched trip has left. Scheduled for the start grace after the planned start.</summary>
public sealed record CheckTripStart(Guid TripId, string Pool);

/// <summary>Checks whether the car of a trip under way is back. Scheduled for the return grace after the planned end.</summary>
public sealed record CheckTripReturn(Guid TripId, string Pool);

/// <summary>Closes a completed trip nobody confirmed. Scheduled for the auto-close time after the car was back.</summary>
public sealed record CloseTripIfUnconfirmed(Guid TripId, string Pool);

/// <summary>
/// How long the pool waits before it reports a car that has not left or not come back, and before it closes a trip
/// the requester left unconfirmed (<c>Fleet:Trips:StartGrace</c>, <c>ReturnGrace</c>, <c>AutoCloseAfter</c>).
/// </summary>
public sealed record TripTimings(Duration StartGrace, Duration ReturnGrace, Duration AutoCloseAfter)
{
    public static TripTimings Default { get; } = new(TripDriving.StartGrace, TripDriving.ReturnGrace, TripClosing.AutoCloseAfter);
}

/// <summary>
/// The trip's timers. They are durable scheduled messages kept in the database with the outbox, so a restart does
/// not lose them; each one decides afresh when it fires, and does nothing if the trip has moved on meanwhile.
/// </summary>
public static class TripTimerHandler
{
    public static Task Handle(CheckTripStart message, IDocumentStore store, IClock clock, TripTimings timings, CancellationToken cancellation) =>
        DecideAsync(store, message.Pool, message.TripId, trip => TripDriving.StartOverdue(trip, clock.GetCurrentInstant(), timings.StartGrace),
            cancellation);

    public static Task Handle(CheckTripReturn message, IDocumentStore store, IClock clock, TripTimings timings, CancellationToken cancellation) =>
        DecideAsync(store, message.Pool, message.TripId, trip => TripDriving.ReturnOverdue(trip, clock.GetCurrentInstant(), timings.ReturnGrace),
            cancellation);

    public static Task Handle(CloseTripIfUnconfirmed message, IDocumentStore store, IClock clock, TripTimings timings, CancellationToken cancellation) =>
        DecideAsync(store, message.Pool, message.TripId, trip => TripClosing.AutoClose(trip, clock.GetCurrentInstant(), timings.AutoCloseAfter),
            cancellation);

    /// <summary>The pool travels in the message: a timer runs for nobody signed in, so there is no claim to take it from.</summary>
    private static async Task DecideAsync(IDocumentStore store, string pool, Guid tripId, Func<Trip, Decision> decide, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession(pool);
        var stream = await session.Events.FetchForWriting<Trip>(tripId, cancellation);
        if (stream.Aggregate is not { } trip) return;

        var decision = decide(trip);
        if (decision.Events.Count == 0) return;

        stream.AppendMany(decision.Events);
        await session.SaveChangesAsync(cancellation);
    }
}
