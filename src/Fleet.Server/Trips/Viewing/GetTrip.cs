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
    [WolverineGet("/api/trips/{id}", OperationId = "GetTrip"), Tags("Trips")]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Get(Guid id, HttpContext http, IMessageBus bus) => bus.AnswerAsync(new GetTrip(id), http);
}
