using NodaTime;

namespace Fleet.Domain.Drivers;

/// <summary>A driver joined the roster of a pool with a licence that is valid on the day. Stored as <c>driver_registered</c>.</summary>
public sealed record DriverRegistered(
    Guid DriverId,
    string Name,
    string Pool,
    IReadOnlyList<LicenceClass> LicenceClasses,
    string LicenceNumber,
    LocalDate LicenceExpiresOn,
    string? Mobile,
    Instant RegisteredAt);

/// <summary>
/// The driver showed a renewed licence. The classes are restated in full because a renewal may also drop
/// classes (large-vehicle classes lapse with age) or add them. Stored as <c>driver_licence_renewed</c>.
/// </summary>
public sealed record DriverLicenceRenewed(
    Guid DriverId,
    IReadOnlyList<LicenceClass> LicenceClasses,
    LocalDate LicenceExpiresOn,
    Instant RenewedAt);

/// <summary>The driver moved to another pool; the pool left is kept for the audit trail. Stored as <c>driver_transferred</c>.</summary>
public sealed record DriverTransferred(
    Guid DriverId,
    string FromPool,
    string ToPool,
    string Reason,
    Instant TransferredAt);

/// <summary>The driver will be away for the period, which dispatch must respect. Stored as <c>driver_leave_scheduled</c>.</summary>
public sealed record DriverLeaveScheduled(
    Guid DriverId,
    Guid LeaveId,
    Interval Period,
    LeaveKind Kind,
    string? Note,
    Instant ScheduledAt);

/// <summary>A scheduled leave will not be taken after all; the driver can be dispatched again. Stored as <c>driver_leave_cancelled</c>.</summary>
public sealed record DriverLeaveCancelled(
    Guid DriverId,
    Guid LeaveId,
    string Reason,
    Instant CancelledAt);

/// <summary>The driver may not be dispatched until reinstated. Stored as <c>driver_suspended</c>.</summary>
public sealed record DriverSuspended(
    Guid DriverId,
    string Reason,
    Instant SuspendedAt);

/// <summary>A suspension ended; the driver can be dispatched again. Stored as <c>driver_reinstated</c>.</summary>
public sealed record DriverReinstated(
    Guid DriverId,
    string Reason,
    Instant ReinstatedAt);

/// <summary>
/// The driver left the motor pool for good (retirement, resignation, reassignment to other duties). Final:
/// the record stays for the logbooks and audits that name the driver. Stored as <c>driver_left_service</c>.
/// </summary>
public sealed record DriverLeftService(
    Guid DriverId,
    string Reason,
    Instant LeftAt);

/// <summary>
/// A driver transferred from another pool joined this pool, with what they carry over: licence and status.
/// Leave booked in the old pool stays there. It starts the driver's stream in the receiving pool. Stored as
/// <c>driver_received</c>.
/// </summary>
public sealed record DriverReceived(
    Guid DriverId,
    string FromPool,
    string Name,
    string Pool,
    IReadOnlyList<LicenceClass> LicenceClasses,
    string LicenceNumber,
    LocalDate LicenceExpiresOn,
    string? Mobile,
    DriverStatus Status,
    string? SuspensionReason,
    Instant ReceivedAt);

/// <summary>
/// The driver's mobile number changed (or was first recorded); dispatchers and passengers call them on it from now
/// on. Stored as <c>driver_phone_recorded</c>.
/// </summary>
public sealed record DriverPhoneRecorded(Guid DriverId, string Phone, Instant RecordedAt);
