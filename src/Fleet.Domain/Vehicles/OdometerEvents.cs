using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>The odometer was read; readings only ever go up. Stored as <c>odometer_read</c>.</summary>
public sealed record OdometerRead(
    Guid VehicleId,
    Distance Reading,
    OdometerSource Source,
    Instant ReadAt);

/// <summary>
/// A wrong reading was put right, with the reason an auditor will ask for: the only way the recorded
/// odometer can go down. Stored as <c>odometer_corrected</c>.
/// </summary>
public sealed record OdometerCorrected(
    Guid VehicleId,
    Distance From,
    Distance To,
    string Reason,
    Instant CorrectedAt);

/// <summary>Who read the odometer, which tells an auditor how far to trust the reading.</summary>
public enum OdometerSource
{
    Registration,
    Trip,
    Maintenance,
    Inspection,
    Manual,
}
