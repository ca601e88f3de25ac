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

namespace Fleet.Server.Trips.Closing;

public sealed record ReviewEmergencyTripRequest(string? Outcome, string? Note);

/// <summary>
/// The requester's word on a finished trip — confirmed, disputed, rated — and the unit head's review of an
/// emergency trip that went ahead without them. Units see their own trips only.
/// </summary>
public static class ClosingEndpoints
{
    [WolverinePost("/api/trips/{id}/confirm", OperationId = "ConfirmTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Clerk))]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Confirm(Guid id, ConfirmTripForm form, ClaimsPrincipal user, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        return TripStream.DecideForUnit(id, actor, session, text,
            trip => TripClosing.Confirm(trip, actor.UserId, form, clock.GetCurrentInstant()), cancellation);
    }

    [WolverinePost("/api/trips/{id}/dispute", OperationId = "DisputeTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Clerk))]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Dispute(Guid id, DisputeTripForm form, ClaimsPrincipal user, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        return TripStream.DecideForUnit(id, actor, session, text,
            trip => TripClosing.Dispute(trip, actor.UserId, form, clock.GetCurrentInstant()), cancellation);
    }

    [WolverinePost("/api/trips/{id}/rate", OperationId = "RateTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Clerk))]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Rate(Guid id, RateTripForm form, ClaimsPrincipal user, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        return TripStream.DecideForUnit(id, actor, session, text,
            trip => TripClosing.Rate(trip, actor.UserId, form, clock.GetCurrentInstant()), cancellation);
    }

    [WolverinePost("/api/trips/{id}/review", OperationId = "ReviewEmergencyTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Approver))]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Review(Guid id, ReviewEmergencyTripRequest request, ClaimsPrincipal user,
        IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        return TripStream.DecideForUnit(id, actor, session, text,
            trip => EmergencyReviewing.Review(trip, actor.UserId, request.Outcome, request.Note, clock.GetCurrentInstant()), cancellation);
    }
}
