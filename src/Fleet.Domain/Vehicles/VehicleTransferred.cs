using Fleet.Domain.Common;
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

/// <summary>
/// A vehicle transferred from another pool entered this pool's registry, with the record it carries over:
/// what it is, its odometer and its papers. It starts the vehicle's stream in the receiving pool; the stream in
/// the pool it left ends with <see cref="VehicleTransferred"/>. Stored as <c>vehicle_received</c>.
/// </summary>
public sealed record VehicleReceived(
    Guid VehicleId,
    string FromPool,
    string Plate,
    VehicleCategory Category,
    VehicleClass Class,
    int Seats,
    EnergyType EnergyType,
    string HomePool,
    Distance Odometer,
    LocalDate? InspectionValidUntil,
    LocalDate? InsuranceValidUntil,
    Instant ReceivedAt);
