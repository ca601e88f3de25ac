using Fleet.Domain.Positions;

namespace Fleet.Server.Positions.Store;

/// <summary>A position with the car and pool its terminal was bound to when it arrived: what a row of the table holds.</summary>
public sealed record VehiclePosition(Guid VehicleId, string Pool, Position Position);
