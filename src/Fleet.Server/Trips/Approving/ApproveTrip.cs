using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Approving;

/// <summary>The unit head approves a request of the unit, at the level the policy version it was asked under wants next.</summary>
public sealed record ApproveTrip(Guid TripId) : Command<Trip>;

public static class ApproveTripHandler
{
    public static Task<Outcome<Trip>> Handle(ApproveTrip command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        TripStream.DecideForUnitAsync(session, command.TripId, command.By,
            trip => TripApproving.Approve(trip, command.By.UserId, trip.RequestedBy == command.By.UserId, clock.GetCurrentInstant()), cancellation);
}

public static class ApproveTripEndpoint
{
    [WolverinePost("/api/trips/{id}/approve", OperationId = "ApproveTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Approver))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ApproveTrip(id), http);
}
