using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>One maintenance job of a vehicle, from booking the workshop slot to handing the vehicle back.</summary>
public sealed record MaintenanceWindow(
    Guid MaintenanceId,
    Interval Planned,
    MaintenanceKind Kind,
    MaintenanceState State,
    Instant? StartedAt,
    Instant? CompletedAt)
{
    /// <summary>
    /// The time the vehicle is, or is expected to be, in the workshop, or null when it never will be.
    /// A job that began late is still expected to take as long as planned; a completed one frees the vehicle
    /// the moment it is handed back, whatever was planned.
    /// </summary>
    public Interval? Occupancy => this switch
    {
        { State: MaintenanceState.Scheduled } => Planned,
        { State: MaintenanceState.Started, StartedAt: { } started } =>
            new Interval(started, Instant.Max(Planned.End, started + Planned.Duration)),
        { State: MaintenanceState.Completed, StartedAt: { } started, CompletedAt: { } completed } =>
            new Interval(started, Instant.Max(started, completed)),
        _ => null,
    };

    /// <summary>Whether the job still holds the vehicle: a cancelled or completed job is history.</summary>
    public bool IsOpen => State is MaintenanceState.Scheduled or MaintenanceState.Started;
}

public enum MaintenanceKind
{
    /// <summary>保养: scheduled servicing.</summary>
    Routine,

    /// <summary>维修: repair of a fault.</summary>
    Repair,

    /// <summary>事故维修: repair after an accident, which the audit trail keeps apart from ordinary repairs.</summary>
    Accident,

    /// <summary>其他</summary>
    Other,
}

public enum MaintenanceState
{
    Scheduled,
    Started,
    Completed,
    Cancelled,
}
