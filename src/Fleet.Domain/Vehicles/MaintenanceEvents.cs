using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>A workshop slot was booked; from now on the vehicle is not dispatched during it. Stored as <c>maintenance_scheduled</c>.</summary>
public sealed record MaintenanceScheduled(
    Guid VehicleId,
    Guid MaintenanceId,
    Interval Planned,
    MaintenanceKind Kind,
    string? Note,
    Instant ScheduledAt);

/// <summary>The vehicle was handed over to the workshop. Stored as <c>maintenance_started</c>.</summary>
public sealed record MaintenanceStarted(
    Guid VehicleId,
    Guid MaintenanceId,
    Instant StartedAt);

/// <summary>
/// The vehicle came back from the workshop, with the odometer reading taken there when there was one.
/// Stored as <c>maintenance_completed</c>.
/// </summary>
public sealed record MaintenanceCompleted(
    Guid VehicleId,
    Guid MaintenanceId,
    Distance? Odometer,
    Instant CompletedAt);

/// <summary>A booked slot was given up before the vehicle went in. Stored as <c>maintenance_cancelled</c>.</summary>
public sealed record MaintenanceCancelled(
    Guid VehicleId,
    Guid MaintenanceId,
    string Reason,
    Instant CancelledAt);
