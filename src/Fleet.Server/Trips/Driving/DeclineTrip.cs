using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Driving;

/// <summary>The assigned driver cannot take the trip and says why: the dispatch centre has to find someone else.</summary>
public sealed record DeclineTrip(Guid TripId, DeclineTripForm Form) : Command<Trip>;

public static class DeclineTripHandler
{
    /// <summary>The session is the driver's pool: a trip of another pool is not found.</summary>
    public static async Task<Outcome<Trip>> Handle(DeclineTrip command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        var driverId = await SignedInDriver.IdAsync(session, command.By, cancellation);
        return await TripStream.DecideAsync(session, command.TripId,
            trip => TripDriving.Decline(trip, driverId ?? Guid.Empty, command.Form, clock.GetCurrentInstant()), cancellation);
    }
}

public static class DeclineTripEndpoint
{
    [WolverinePost("/api/trips/{id}/decline", OperationId = "DeclineTrip"), Tags("Driving")]
    [Authorize(Roles = nameof(Role.Driver))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, DeclineTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new DeclineTrip(id, form), http);
}
