using Fleet.Server.Trips;
using System.Security.Claims;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Security;
using Fleet.Server.Trips.Requesting;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Wolverine.Http;

namespace Fleet.Server.Trips.Approving;

public sealed record RejectTripRequest(string? Reason);

/// <summary>The unit head's decisions on the unit's requests, under the policy version that asked for them.</summary>
public static class TripApprovalEndpoints
{
    [WolverinePost("/api/trips/{id}/approve", OperationId = "ApproveTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Approver))]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Approve(Guid id, ClaimsPrincipal user, IDocumentSession session, IClock clock,
        ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        return TripStream.DecideForUnit(id, actor, session, text,
            trip => TripApproving.Approve(trip, actor.UserId, trip.RequestedBy == actor.UserId, clock.GetCurrentInstant()), cancellation);
    }

    [WolverinePost("/api/trips/{id}/reject", OperationId = "RejectTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Approver))]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Reject(Guid id, RejectTripRequest request, ClaimsPrincipal user,
        IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        return TripStream.DecideForUnit(id, actor, session, text,
            trip => TripApproving.Reject(trip, actor.UserId, request.Reason, clock.GetCurrentInstant()), cancellation);
    }
}
