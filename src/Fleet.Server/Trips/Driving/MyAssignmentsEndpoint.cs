using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.Trips.Driving;

/// <summary>
/// The driver's day: the trips assigned to them, to take or turn down, leave on and come back from. A car the unit
/// drives itself has no driver; the dispatcher hands over and takes back its keys.
/// </summary>
/// <summary>What the signed-in driver has to drive, soonest first: dispatched, accepted and under way.</summary>
public sealed record ListMyAssignments : Query<IReadOnlyList<Trip>>;

public static class MyAssignmentsEndpoint
{
    [WolverineGet("/api/my/assignments", OperationId = "ListMyAssignments"), Tags("Driving")]
    [Authorize(Roles = nameof(Role.Driver))]
    public static async Task<Ok<IReadOnlyList<Trip>>> Get(HttpContext http, IMessageBus bus) =>
        TypedResults.Ok((await bus.AskAsync(new ListMyAssignments(), Actor.Of(http.User), http.RequestAborted)).Value ?? []);
}

public static class ListMyAssignmentsHandler
{
    private static readonly TripStatus[] Assigned = [TripStatus.Dispatched, TripStatus.Accepted, TripStatus.InProgress];

    public static async Task<Outcome<IReadOnlyList<Trip>>> Handle(ListMyAssignments asked, IQuerySession session, CancellationToken cancellation)
    {
        var driverId = await SignedInDriver.IdAsync(session, asked.By, cancellation);
        if (driverId is not { } me) return Outcome<IReadOnlyList<Trip>>.Of([]);

        var trips = await session.Query<Trip>()
            .Where(t => t.Assignment != null && t.Assignment.DriverId == me && t.Status.In(Assigned))
            .OrderBy(t => t.Details.Start)
            .Take(200)
            .ToListAsync(cancellation);
        return Outcome<IReadOnlyList<Trip>>.Of(trips);
    }
}
