using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>A workshop slot as asked for: from the first instant in the workshop to the first instant out, and what is done.</summary>
public sealed record ScheduleMaintenanceForm(Instant? Start, Instant? End, string? Kind, string? Note);

/// <summary>The vehicle back from the workshop, with the odometer reading taken there if any, in kilometres as typed.</summary>
public sealed record CompleteMaintenanceForm(decimal? OdometerKm);

/// <summary>Why a booked slot is given up before the vehicle goes in.</summary>
public sealed record CancelMaintenanceForm(string? Reason);

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

    /// <summary>The caller picks <paramref name="maintenanceId"/> so that a retried request books the slot only once.</summary>
    public static Decision Decide(ScheduleMaintenanceForm form, Guid maintenanceId, Vehicle vehicle, Instant now)
    {
        // What the form lacks is told first, whatever the vehicle's state: the form has to be put right either way.
        var problems = new List<Problem>();
        if (form.Start is null) problems.Add(Problem.Required("start"));
        if (form.End is null) problems.Add(Problem.Required("end"));
        if (form is { Start: { } start, End: { } end } && end <= start)
            problems.Add(Problem.Invalid("vehicle.maintenance_interval_invalid", "end", "Maintenance needs a planned start and an end after it."));
        MaintenanceKind kind = default;
        if (string.IsNullOrWhiteSpace(form.Kind)) problems.Add(Problem.Required("kind"));
        else if (!CodeList.TryParse(form.Kind, VehicleLifeTerms.MaintenanceKinds, out kind))
            problems.Add(Problem.Invalid("vehicle.maintenance_kind_invalid", "kind", "'{0}' is not a kind of maintenance: use one of {1}.",
                form.Kind, CodeList.Describe<MaintenanceKind>()));
        if (problems.Count > 0) return Decision.Refuse(problems);

        if (vehicle.Status == VehicleStatus.Disposed) return Decision.Refuse(VehicleProblems.Disposed());
        if (vehicle.Status == VehicleStatus.Retired) return Decision.Refuse(VehicleProblems.Retired());
        if (vehicle.FindMaintenance(maintenanceId) is not null)
            return Decision.Refuse(Problem.Conflict("vehicle.maintenance_exists",
                "Maintenance {0} has already been scheduled for this vehicle.", maintenanceId));

        var planned = new Interval(form.Start!.Value, form.End!.Value);
        if (planned.Duration > LongestPlan)
            problems.Add(Problem.Invalid("vehicle.maintenance_too_long", "end",
                "Maintenance is planned for at most {0} days; this plan takes {1} days. Retire a vehicle that is out of service for longer.",
                (int)LongestPlan.TotalDays, Math.Round((decimal)planned.Duration.TotalDays, 1)));

        var note = TextRules.Check(form.Note, "note", TextRules.ReasonMaxLength, required: false, problems);

        if (problems.Count > 0) return Decision.Refuse(problems);

        var clashes = vehicle.MaintenanceWindows
            .Where(w => w.IsOpen && w.Occupancy is { } occupied && occupied.Overlaps(planned))
            .Select(w => Problem.Conflict("vehicle.maintenance_overlaps",
                "The vehicle is already booked for maintenance from {0} to {1}: choose another time.", w.Occupancy!.Value.Start, w.Occupancy.Value.End))
            .ToList();
        if (clashes.Count > 0) return Decision.Refuse(clashes);

        return Decision.Accept(new MaintenanceScheduled(vehicle.Id, maintenanceId, planned, kind, note, now));
    }

    /// <summary>A retired vehicle may still be repaired, e.g. to be made fit for auction; only booking new work is closed.</summary>
    public static Decision Start(Guid maintenanceId, Vehicle vehicle, Instant now) =>
        Job(vehicle, maintenanceId, MaintenanceState.Scheduled) is { } problem
            ? Decision.Refuse(problem)
            : Decision.Accept(new MaintenanceStarted(vehicle.Id, maintenanceId, now));

    public static Decision Decide(CompleteMaintenanceForm form, Guid maintenanceId, Vehicle vehicle, Instant now)
    {
        var problems = new List<Problem>();
        var odometer = VehicleOdometer.Reading(form.OdometerKm, "odometerKm", required: false, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);
        if (Job(vehicle, maintenanceId, MaintenanceState.Started) is { } problem) return Decision.Refuse(problem);
        if (odometer is { } reading && VehicleOdometer.Backwards(reading, vehicle) is { } backwards) return Decision.Refuse(backwards);

        return Decision.Accept(new MaintenanceCompleted(vehicle.Id, maintenanceId, odometer, now));
    }

    public static Decision Decide(CancelMaintenanceForm form, Guid maintenanceId, Vehicle vehicle, Instant now)
    {
        if (Job(vehicle, maintenanceId, MaintenanceState.Scheduled) is { } problem) return Decision.Refuse(problem);

        var problems = new List<Problem>();
        var reason = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new MaintenanceCancelled(vehicle.Id, maintenanceId, reason!, now));
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
