using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>
/// The vehicle was taken out of service (封存/停用): it stays on the books but is no longer dispatched.
/// Stored as <c>vehicle_retired</c>.
/// </summary>
public sealed record VehicleRetired(
    Guid VehicleId,
    string Reason,
    Instant RetiredAt);

/// <summary>
/// The vehicle left the fleet for good (处置); the approval document's number, when there is one, lets an
/// auditor trace the decision. Stored as <c>vehicle_disposed</c>.
/// </summary>
public sealed record VehicleDisposed(
    Guid VehicleId,
    DisposalMethod Method,
    string? DocumentNumber,
    Instant DisposedAt);

/// <summary>How a vehicle leaves the fleet.</summary>
public enum DisposalMethod
{
    /// <summary>拍卖</summary>
    Auction,

    /// <summary>报废</summary>
    Scrapped,

    /// <summary>调剂: reallocated to another unit.</summary>
    Reallocated,

    /// <summary>划转: transferred to another body with its assets.</summary>
    Transferred,

    /// <summary>其他</summary>
    Other,
}
