using System.Security.Claims;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Infrastructure.Security;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Http;

namespace Fleet.Server.Trips.Driving;

/// <summary>
/// The driver's day: the trips assigned to them, to take or turn down, leave on and come back from. A car the unit
/// drives itself has no driver; the dispatcher hands over and takes back its keys.
/// </summary>
public static class MyAssignmentsEndpoint
{
    private static readonly TripStatus[] Assigned = [TripStatus.Dispatched, TripStatus.Accepted, TripStatus.InProgress];

    /// <summary>What the signed-in driver has to drive, soonest first: dispatched, accepted and under way.</summary>
    [WolverineGet("/api/my/assignments", OperationId = "ListMyAssignments"), Tags("Driving")]
    [Authorize(Roles = nameof(Role.Driver))]
    public static async Task<Ok<IReadOnlyList<Trip>>> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        var driverId = await SignedInDriver.IdAsync(session, Actor.Of(user), cancellation);
        if (driverId is not { } me) return TypedResults.Ok<IReadOnlyList<Trip>>([]);

        var trips = await session.Query<Trip>()
            .Where(t => t.Assignment != null && t.Assignment.DriverId == me && t.Status.In(Assigned))
            .OrderBy(t => t.Details.Start)
            .Take(200)
            .ToListAsync(cancellation);
        return TypedResults.Ok(trips);
    }
}
