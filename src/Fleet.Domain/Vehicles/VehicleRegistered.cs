using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>A vehicle entered the registry of its home pool. Stored as <c>vehicle_registered</c>.</summary>
public sealed record VehicleRegistered(
    Guid VehicleId,
    string Plate,
    VehicleCategory Category,
    VehicleClass Class,
    int Seats,
    EnergyType EnergyType,
    string HomePool,
    Instant RegisteredAt);
