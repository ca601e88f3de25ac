using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>Book a workshop slot; the caller picks the id so that a retried request books it only once.</summary>
public sealed record ScheduleMaintenance(Guid VehicleId, Guid MaintenanceId, Interval Planned, MaintenanceKind Kind, string? Note);

/// <summary>Hand the vehicle over to the workshop.</summary>
public sealed record StartMaintenance(Guid VehicleId, Guid MaintenanceId);

/// <summary>Take the vehicle back from the workshop, with the odometer reading taken there if any.</summary>
public sealed record CompleteMaintenance(Guid VehicleId, Guid MaintenanceId, Distance? Odometer);

/// <summary>Give up a booked slot before the vehicle goes in.</summary>
public sealed record CancelMaintenance(Guid VehicleId, Guid MaintenanceId, string? Reason);

/// <summary>
/// A maintenance job runs scheduled → started → completed, or scheduled → cancelled. Booked slots are what
/// dispatch plans around, so they must be bounded, reasonably short and never double-booked.
/// </summary>
public static class VehicleMaintenance
{
    /// <summary>
    /// A longer absence is not maintenance but a vehicle out of service, which should be retired instead of
    /// blocking the dispatch calendar for months.
    /// </summary>
    public static readonly Duration LongestPlan = Duration.FromDays(90);

    public static Decision Decide(ScheduleMaintenance command, Vehicle vehicle, Instant now)
    {
        if (vehicle.Status == VehicleStatus.Disposed) return Decision.Refuse(VehicleProblems.Disposed());
        if (vehicle.Status == VehicleStatus.Retired) return Decision.Refuse(VehicleProblems.Retired());
        if (vehicle.FindMaintenance(command.MaintenanceId) is not null)
            return Decision.Refuse(Problem.Conflict("vehicle.maintenance_exists",
                "Maintenance {0} has already been scheduled for this vehicle.", command.MaintenanceId));

        var problems = new List<Problem>();
        var planned = command.Planned;
        if (!planned.HasStart || !planned.HasEnd || planned.End <= planned.Start)
            problems.Add(Problem.Invalid("vehicle.maintenance_interval_invalid", "planned",
                "Maintenance needs a planned start and an end after it."));
        else if (planned.Duration > LongestPlan)
            problems.Add(Problem.Invalid("vehicle.maintenance_too_long", "planned",
                "Maintenance is planned for at most {0} days; this plan takes {1} days. Retire a vehicle that is out of service for longer.",
                (int)LongestPlan.TotalDays, Math.Round((decimal)planned.Duration.TotalDays, 1)));

        var note = TextRules.Check(command.Note, "note", TextRules.ReasonMaxLength, required: false, problems);

        if (problems.Count > 0) return Decision.Refuse(problems);

        var clashes = vehicle.MaintenanceWindows
            .Where(w => w.IsOpen && w.Occupancy is { } occupied && occupied.Overlaps(planned))
            .Select(w => Problem.Conflict("vehicle.maintenance_overlaps",
                "The vehicle is already booked for maintenance from {0} to {1}: choose another time.", w.Occupancy!.Value.Start, w.Occupancy.Value.End))
            .ToList();
        if (clashes.Count > 0) return Decision.Refuse(clashes);

        return Decision.Accept(new MaintenanceScheduled(vehicle.Id, command.MaintenanceId, planned, command.Kind, note, now));
    }

    /// <summary>A retired vehicle may still be repaired, e.g. to be made fit for auction; only booking new work is closed.</summary>
    public static Decision Decide(StartMaintenance command, Vehicle vehicle, Instant now) =>
        Job(vehicle, command.MaintenanceId, MaintenanceState.Scheduled) is { } problem
            ? Decision.Refuse(problem)
            : Decision.Accept(new MaintenanceStarted(vehicle.Id, command.MaintenanceId, now));

    public static Decision Decide(CompleteMaintenance command, Vehicle vehicle, Instant now)
    {
        if (Job(vehicle, command.MaintenanceId, MaintenanceState.Started) is { } problem) return Decision.Refuse(problem);

        if (command.Odometer is { } reading && VehicleOdometer.ReadingProblem(reading, vehicle, "odometer") is { } odometerProblem)
            return Decision.Refuse(odometerProblem);

        return Decision.Accept(new MaintenanceCompleted(vehicle.Id, command.MaintenanceId, command.Odometer, now));
    }

    public static Decision Decide(CancelMaintenance command, Vehicle vehicle, Instant now)
    {
        if (Job(vehicle, command.MaintenanceId, MaintenanceState.Scheduled) is { } problem) return Decision.Refuse(problem);

        var problems = new List<Problem>();
        var reason = TextRules.Check(command.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new MaintenanceCancelled(vehicle.Id, command.MaintenanceId, reason!, now));
    }

    /// <summary>Why the job cannot move on from where it is, or null when it is in the state the step needs.</summary>
    private static Problem? Job(Vehicle vehicle, Guid maintenanceId, MaintenanceState required)
    {
        if (vehicle.Status == VehicleStatus.Disposed) return VehicleProblems.Disposed();

        var window = vehicle.FindMaintenance(maintenanceId);
        if (window is null)
            return Problem.NotFound("vehicle.maintenance_not_found",
                "This vehicle has no maintenance {0}.", maintenanceId);

        return window.State == required
            ? null
            : Problem.Conflict("vehicle.maintenance_state",
                "This maintenance is {0}: only scheduled maintenance can be started or cancelled, and only maintenance in progress can be completed.",
                window.State);
    }
}
