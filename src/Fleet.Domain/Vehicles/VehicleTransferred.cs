using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>
/// The vehicle moved to another pool's registry; the pool it left is kept so that either pool's audit can
/// account for it. Stored as <c>vehicle_transferred</c>.
/// </summary>
public sealed record VehicleTransferred(
    Guid VehicleId,
    string FromPool,
    string ToPool,
    string Reason,
    Instant TransferredAt);
