using Fleet.Domain.Common;
using Fleet.Projections.PoolFleet;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Http;

namespace Fleet.Server.Vehicles.Viewing;

public static class GetVehicleEndpoint
{
    [WolverineGet("/api/vehicles/{id}", OperationId = "GetVehicle"), Tags("Vehicles")]
    [EndpointSummary("One vehicle as the registry shows it")]
    public static async Task<Results<Ok<VehicleSummary>, ProblemHttpResult>> Get(
        Guid id, IQuerySession session, ProblemText text, CancellationToken cancellation)
    {
        var vehicle = await session.LoadAsync<VehicleSummary>(id, cancellation);
        return vehicle is null
            ? FleetProblems.From([Problem.NotFound("vehicle.not_found", "There is no vehicle {0}.", id)], text)
            : TypedResults.Ok(vehicle);
    }
}

public static class GetPoolFleetEndpoint
{
    /// <summary>Counts come from an async projection: they trail a registration by the daemon's lag, usually well under a second.</summary>
    [WolverineGet("/api/pools/{pool}/fleet", OperationId = "GetPoolFleet"), Tags("Vehicles")]
    [EndpointSummary("What a pool has to dispatch with, by category, class and energy type")]
    public static async Task<PoolFleet> Get(string pool, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<PoolFleet>(pool, cancellation) ?? new PoolFleet { Id = pool };
}
