using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Driving;

/// <summary>The assigned driver confirms they will drive the trip.</summary>
public sealed record AcceptTrip(Guid TripId) : Command<Trip>;

public static class AcceptTripHandler
{
    /// <summary>The session is the driver's pool: a trip of another pool is not found.</summary>
    public static async Task<Outcome<Trip>> Handle(AcceptTrip command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        var driverId = await SignedInDriver.IdAsync(session, command.By, cancellation);
        return await TripStream.DecideAsync(session, command.TripId,
            trip => TripDriving.Accept(trip, driverId ?? Guid.Empty, clock.GetCurrentInstant()), cancellation);
    }
}

public static class AcceptTripEndpoint
{
    [WolverinePost("/api/trips/{id}/accept", OperationId = "AcceptTrip"), Tags("Driving")]
    [Authorize(Roles = nameof(Role.Driver))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new AcceptTrip(id), http);
}
