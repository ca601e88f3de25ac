using Fleet.Server.Trips;
using System.Security.Claims;
using Fleet.Domain.Common;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Security;
using Fleet.Server.Trips.Driving;
using Fleet.Server.Trips.Requesting;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Http;

namespace Fleet.Server.Trips.Viewing;

public static class TripQueries
{
    private static readonly string[] SortKeys = ["start"];

    /// <summary>
    /// Clerks and approvers see their unit's trips; dispatchers, fleet admins and supervisors the pool's.
    /// <c>awaitingApproval=true</c> is an approver's inbox: requests of others they have not yet approved.
    /// <c>flaggedForReview=true</c> lists the emergency trips approved at once; <c>awaitingReview=true</c> those of them
    /// the unit head has not reviewed yet.
    /// </summary>
    [WolverineGet("/api/trips", OperationId = "ListTrips"), Tags("Trips")]
    public static async Task<Results<Ok<Page<Trip>>, ProblemHttpResult>> List(string? status, bool? awaitingApproval, bool? flaggedForReview,
        bool? awaitingReview, int? page, int? pageSize,
        string? sort, ClaimsPrincipal user, IQuerySession session, ProblemText text, CancellationToken cancellation)
    {
        var (paging, pagingProblems) = Paging.Parse(page, pageSize, sort, SortKeys, "start");
        var problems = pagingProblems.ToList();
        var wanted = QueryFilter.Parse<TripStatus>(status, "status", problems);
        if (paging is null || problems.Count > 0) return FleetProblems.From(problems, text);

        var actor = Actor.Of(user);
        var query = session.Query<Trip>().AsQueryable();
        if (!SeesPool(actor)) query = query.Where(t => t.UnitCode == actor.OrganisationCode);
        if (wanted is { } w) query = query.Where(t => t.Status == w);
        if (awaitingApproval == true)
        {
            var me = actor.UserId;
            query = query.Where(t => t.Status == TripStatus.Requested && t.RequestedBy != me && !t.Approvals.Contains(me));
        }

        if (flaggedForReview is { } flagged) query = query.Where(t => t.FlaggedForReview == flagged);
        if (awaitingReview == true) query = query.Where(t => t.FlaggedForReview && t.ReviewOutcome == null);
        query = paging.Descending ? query.OrderByDescending(t => t.Details.Start) : query.OrderBy(t => t.Details.Start);
        return TypedResults.Ok(await paging.ToPageAsync(query, cancellation));
    }

    /// <summary>
    /// One trip, for whoever sees it in a list: its unit, the pool's dispatchers, fleet admins and supervisors, and the
    /// driver it is assigned to — also once the car is back, when it has left the driver's assignments.
    /// </summary>
    [WolverineGet("/api/trips/{id}", OperationId = "GetTrip"), Tags("Trips")]
    public static async Task<Results<Ok<Trip>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, IQuerySession session, ProblemText text,
        CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        var trip = await session.LoadAsync<Trip>(id, cancellation);
        return trip is not null && (SeesPool(actor) || trip.UnitCode == actor.OrganisationCode || await DrivesAsync(session, actor, trip, cancellation))
            ? TypedResults.Ok(trip)
            : FleetProblems.From([TripStream.NotFound(id)], text);
    }

    private static async Task<bool> DrivesAsync(IQuerySession session, Actor actor, Trip trip, CancellationToken cancellation) =>
        trip.Assignment?.DriverId is { } assigned && await SignedInDriver.IdAsync(session, actor, cancellation) == assigned;

    private static bool SeesPool(Actor actor) =>
        actor.Has(Role.Dispatcher) || actor.Has(Role.FleetAdmin) || actor.Has(Role.Supervisor);
}
