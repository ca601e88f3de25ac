using System.Security.Claims;
using Fleet.Domain.Common;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Projections.Trips;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Infrastructure.Security;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Wolverine.Http;

namespace Fleet.Server.Trips.Requesting;

public sealed record TripRequestedResponse(Guid TripId, TripStatus Status, int LevelsRequired, int PolicyVersion);

public sealed record CancelTripRequest(string? Reason);

/// <summary>A clerk asks for a vehicle for their unit, amends the request, or calls it off.</summary>
public static class TripRequestEndpoints
{
    [WolverinePost("/api/trips", OperationId = "RequestTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Clerk)), EnableRateLimiting(SecuritySetup.BookingRateLimit)]
    public static async Task<Results<Created<TripRequestedResponse>, ProblemHttpResult>> Request(TripRequestForm form, ClaimsPrincipal user,
        IDocumentSession session, IClock clock, DateTimeZone zone, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        var policy = await ApprovalPolicyEndpoints.CurrentAsync(session, cancellation);
        var tripId = Guid.CreateVersion7();
        var decision = TripRequesting.Request(form, tripId, actor.OrganisationCode, actor.Pool, actor.UserId, policy, zone, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return FleetProblems.From(decision.Problems, text);

        session.Events.StartStream<Trip>(tripId, decision.Events);
        var trip = decision.Events.Skip(1).Aggregate(Trip.Create((TripRequested)decision.Events[0]), (state, e) => state.Evolve(e));
        return TypedResults.Created($"/api/trips/{tripId}", new TripRequestedResponse(tripId, trip.Status, trip.LevelsRequired, trip.PolicyVersion));
    }

    [WolverinePost("/api/trips/{id}/amend", OperationId = "AmendTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Clerk))]
    public static async Task<Results<Ok<Trip>, ProblemHttpResult>> Amend(Guid id, TripRequestForm form, ClaimsPrincipal user,
        IDocumentSession session, IClock clock, DateTimeZone zone, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        var policy = await ApprovalPolicyEndpoints.CurrentAsync(session, cancellation);
        return await Decide(id, actor, session, text, trip => TripRequesting.Amend(form, trip, actor.UserId, policy, zone, clock.GetCurrentInstant()),
            cancellation);
    }

    [WolverinePost("/api/trips/{id}/cancel", OperationId = "CancelTrip"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.Clerk))]
    public static Task<Results<Ok<Trip>, ProblemHttpResult>> Cancel(Guid id, CancelTripRequest request, ClaimsPrincipal user,
        IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        return Decide(id, actor, session, text, trip => TripCancelling.Cancel(trip, actor.UserId, request.Reason, clock.GetCurrentInstant()), cancellation);
    }

    /// <summary>A trip of another unit is not found: units see their own requests only.</summary>
    internal static Task<Results<Ok<Trip>, ProblemHttpResult>> Decide(Guid id, Actor actor, IDocumentSession session, ProblemText text,
        Func<Trip, Decision> decide, CancellationToken cancellation) =>
        StreamDecisions.DecideAsync<Trip>(session, id, NotFound(id),
            trip => trip.UnitCode == actor.OrganisationCode ? decide(trip) : Decision.Refuse(NotFound(id)),
            (trip, e) => trip.Evolve(e), text, cancellation);

    internal static Problem NotFound(Guid id) => Problem.NotFound("trip.not_found", "There is no trip {0}.", id);
}
