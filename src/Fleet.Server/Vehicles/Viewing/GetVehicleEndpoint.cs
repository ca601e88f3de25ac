using System.Security.Claims;
using Fleet.Projections.PoolFleet;
using Fleet.Projections.VehicleRegistry;

namespace Fleet.Server.Vehicles.Viewing;

public static class GetVehicleEndpoint
{
    [WolverineGet("/api/vehicles/{id}", OperationId = "GetVehicle"), Tags("Vehicles")]
    [EndpointSummary("One vehicle as the registry shows it")]
    public static async Task<Results<Ok<VehicleSummary>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, IQuerySession session, ProblemText text, CancellationToken cancellation)
    {
        // City supervisors audit every district; everybody else sees their own pool, the session's tenant.
        var vehicle = Actor.Of(user).SeesWholeCity
            ? await session.Query<VehicleSummary>().FirstOrDefaultAsync(v => v.InCity() && v.Id == id, cancellation)
            : await session.LoadAsync<VehicleSummary>(id, cancellation);
        return vehicle is null
            ? FleetProblems.From([VehicleStream.NotFound(id)], text)
            : TypedResults.Ok(vehicle);
    }
}

public static class GetPoolFleetEndpoint
{
    /// <summary>Counts come from an async projection: they trail a registration by the daemon's lag, usually well under a second.</summary>
    [WolverineGet("/api/pools/{pool}/fleet", OperationId = "GetPoolFleet"), Tags("Vehicles")]
    [EndpointSummary("What a pool has to dispatch with, by category, class and energy type")]
    public static async Task<Results<Ok<PoolFleet>, ProblemHttpResult>> Get(string pool, ClaimsPrincipal user, IDocumentStore store,
        Infrastructure.Database.CityMap cities, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        if (!actor.Sees(pool, cities))
            return FleetProblems.From([Problem.NotFound("pool.not_found", "There is no pool {0}.", pool)], text);

        // A pool's figures live in that pool's tenant.
        await using var session = store.QuerySession(pool);
        return TypedResults.Ok(await session.LoadAsync<PoolFleet>(pool, cancellation) ?? new PoolFleet { Id = pool });
    }
}
