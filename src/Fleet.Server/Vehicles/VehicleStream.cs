using Fleet.Domain.Vehicles;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.Vehicles;

/// <summary>What every command on a registered vehicle shares, whichever part of its life it keeps.</summary>
public static class VehicleStream
{
    public static Problem NotFound(Guid id) => Problem.NotFound("vehicle.not_found", "There is no vehicle {0}.", id);

    /// <summary>Decides on the vehicle under optimistic concurrency and appends what was decided.</summary>
    public static Task<Outcome<Vehicle>> DecideAsync(IDocumentSession session, Guid id, Func<Vehicle, Decision> decide, CancellationToken cancellation) =>
        StreamDecisions.DecideAsync<Vehicle>(session, id, NotFound(id), decide, cancellation);
}
