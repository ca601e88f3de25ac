using Fleet.Domain.Trips;

namespace Fleet.Server.Trips.Viewing;

/// <summary>
/// One trip, for whoever sees it in a list: its unit, the pool's dispatchers, fleet admins and supervisors, and the
/// driver it is assigned to — also once the car is back, when it has left the driver's assignments — and the city office's
/// approvers when its chain goes up to them.
/// </summary>
public sealed record GetTrip(Guid TripId) : Query<Trip>;

public static class GetTripHandler
{
    public static async Task<Outcome<Trip>> Handle(GetTrip asked, IQuerySession session, CancellationToken cancellation)
    {
        var trip = await TripVisibility.FindAsync(session, asked.By, asked.TripId, cancellation);
        return trip is not null && await TripVisibility.SeesAsync(session, asked.By, trip, cancellation)
            ? trip
            : Outcome<Trip>.Refused(TripStream.NotFound(asked.TripId));
    }
}

public static class GetTripEndpoint
{
    /// <summary>
    /// The most frequent read of all (every list, notification and map links to it) asks its handler directly in the session
    /// Wolverine opens in the caller's pool, rather than through the message bus, whose envelope, handler pipeline and
    /// unit of work a read by id does not need (docs/performance.md, "The stack's own floor, a read by id").
    /// </summary>
    [WolverineGet("/api/trips/{id}", OperationId = "GetTrip"), Tags("Trips")]
    public static async Task<Results<Ok<Trip>, ProblemHttpResult>> Get(Guid id, HttpContext http, IQuerySession session) =>
        (await GetTripHandler.Handle(new GetTrip(id) { By = Actor.Of(http.User) }, session, http.RequestAborted)).Answer(http);
}
