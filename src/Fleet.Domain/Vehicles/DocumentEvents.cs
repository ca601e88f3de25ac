using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>
/// The vehicle passed its annual safety inspection (年检); without a valid one it may not be on the road.
/// Stored as <c>annual_inspection_recorded</c>.
/// </summary>
public sealed record AnnualInspectionRecorded(
    Guid VehicleId,
    LocalDate InspectedOn,
    LocalDate ValidUntil,
    string? CertificateNumber,
    Instant RecordedAt);

/// <summary>
/// A motor insurance policy covers the vehicle; dates are inclusive, as printed on the policy.
/// Stored as <c>insurance_recorded</c>.
/// </summary>
public sealed record InsuranceRecorded(
    Guid VehicleId,
    string Insurer,
    string PolicyNumber,
    LocalDate ValidFrom,
    LocalDate ValidUntil,
    Instant RecordedAt);
