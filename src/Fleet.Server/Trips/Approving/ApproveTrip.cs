using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Approving;

/// <summary>
/// An approver signs the step a request waits at: the unit head (or another of the unit's approvers) at the unit's steps,
/// an approver of the district office at the district's, as the policy version it was asked under wants.
/// </summary>
public sealed record ApproveTrip(Guid TripId) : Command<Trip>;

public static class ApproveTripHandler
{
    public static Task<Outcome<Trip>> Handle(ApproveTrip command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        TripStream.DecideAsApproverAsync(session, command.TripId, command.By,
            (trip, office) => TripApproving.Approve(trip, command.By.UserId, trip.RequestedBy == command.By.UserId, clock.GetCurrentInstant(), office), cancellation);
}

public static class ApproveTripEndpoint
{
    [WolverinePost("/api/trips/{id}/approve", OperationId = "ApproveTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Approver))]
    [LosesRaces]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Post(Guid id, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ApproveTrip(id), http);
}
