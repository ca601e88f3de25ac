using NodaTime;

namespace Fleet.Domain.Drivers;

/// <summary>
/// A driver of a motor pool as the events tell it: who they are, which pool they serve, what their licence
/// permits and until when, and when they are away. Each event yields a new instance; nothing is mutated.
/// </summary>
public sealed record Driver(
    Guid Id,
    string Name,
    string Pool,
    IReadOnlyList<LicenceClass> LicenceClasses,
    string LicenceNumber,
    LocalDate LicenceExpiresOn,
    string? Mobile,
    DriverStatus Status,
    IReadOnlyList<LeaveWindow> Leave,
    string? SuspensionReason,
    Guid? UserId = null)
{
    public static Driver From(DriverRegistered e) =>
        new(e.DriverId, e.Name, e.Pool, e.LicenceClasses, e.LicenceNumber, e.LicenceExpiresOn, e.Mobile,
            DriverStatus.Active, [], null);

    public static Driver From(DriverReceived e) =>
        new(e.DriverId, e.Name, e.Pool, e.LicenceClasses, e.LicenceNumber, e.LicenceExpiresOn, e.Mobile, e.Status, [], e.SuspensionReason);

    public Driver When(DriverLicenceRenewed e) =>
        this with { LicenceClasses = e.LicenceClasses, LicenceExpiresOn = e.LicenceExpiresOn };

    public Driver When(DriverTransferred e) => this with { Pool = e.ToPool };

    public Driver When(DriverLeaveScheduled e) =>
        this with { Leave = [.. Leave, new LeaveWindow(e.LeaveId, e.Period, e.Kind, Cancelled: false)] };

    public Driver When(DriverLeaveCancelled e) =>
        this with { Leave = [.. Leave.Select(w => w.LeaveId == e.LeaveId ? w with { Cancelled = true } : w)] };

    public Driver When(DriverSuspended e) => this with { Status = DriverStatus.Suspended, SuspensionReason = e.Reason };

    public Driver When(DriverReinstated e) => this with { Status = DriverStatus.Active, SuspensionReason = null };

    public Driver When(DriverLeftService e) => this with { Status = DriverStatus.Left, SuspensionReason = null };

    public Driver When(DriverAccountLinked e) => this with { UserId = e.UserId };

    public Driver When(DriverPhoneRecorded e) => this with { Mobile = e.Phone };

    /// <summary>The leave with this id, cancelled or not; null when the driver never had it.</summary>
    public LeaveWindow? FindLeave(Guid leaveId) => Leave.FirstOrDefault(w => w.LeaveId == leaveId);
}

public enum DriverStatus
{
    /// <summary>在岗: can be dispatched, leave and licence permitting.</summary>
    Active,

    /// <summary>停止派车: kept off duty, e.g. pending an inquiry into an accident or a violation.</summary>
    Suspended,

    /// <summary>离岗: no longer with the pool; the record is kept and can only be read.</summary>
    Left,
}

/// <summary>
/// A period the driver is away, as a half-open interval: a leave ending at 08:00 leaves the driver free for
/// a trip starting at 08:00. A cancelled window stays in the list so the history can be read back.
/// </summary>
public sealed record LeaveWindow(Guid LeaveId, Interval Period, LeaveKind Kind, bool Cancelled);

public enum LeaveKind
{
    /// <summary>年休假</summary>
    Annual,

    /// <summary>病假</summary>
    Sick,

    /// <summary>事假</summary>
    Personal,

    /// <summary>培训: away on a course, as far as dispatch is concerned the same as leave.</summary>
    Training,

    /// <summary>其他</summary>
    Other,
}
