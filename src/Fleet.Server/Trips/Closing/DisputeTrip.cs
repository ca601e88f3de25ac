using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Closing;

/// <summary>The requester says the record of a finished trip is not what happened; the dispute stands beside it for the supervisor.</summary>
public sealed record DisputeTrip(Guid TripId, DisputeTripForm Form) : Command<Trip>;

public static class DisputeTripHandler
{
    public static Task<Outcome<Trip>> Handle(DisputeTrip command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        TripStream.DecideForUnitAsync(session, command.TripId, command.By,
            trip => TripClosing.Dispute(trip, command.By.UserId, command.Form, clock.GetCurrentInstant()), cancellation);
}

public static class DisputeTripEndpoint
{
    [WolverinePost("/api/trips/{id}/dispute", OperationId = "DisputeTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Clerk))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, DisputeTripForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new DisputeTrip(id, form), http);
}
