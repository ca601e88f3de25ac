using Fleet.Domain.Common;
using Fleet.Domain.Positions;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>The pool whose registry the vehicle is handed over to, as typed, and why.</summary>
public sealed record TransferVehicleForm(string? ToPool, string? Reason);

/// <summary>
/// Moving a vehicle between pools, as when a district's cars are pooled at city level or a car is lent for
/// good. The receiving pool takes on its dispatch, so a car in the workshop or out of service is not moved.
/// </summary>
public static class VehicleTransfer
{
    public static Decision Decide(TransferVehicleForm form, Vehicle vehicle, Instant now)
    {
        if (string.IsNullOrWhiteSpace(form.ToPool)) return Decision.Refuse(Problem.Required("toPool"));

        switch (vehicle.Status)
        {
            case VehicleStatus.Disposed:
                return Decision.Refuse(VehicleProblems.Disposed());
            case VehicleStatus.Retired:
                return Decision.Refuse(VehicleProblems.Retired());
            case VehicleStatus.UnderMaintenance:
                return Decision.Refuse(Problem.Conflict("vehicle.under_maintenance",
                    "This vehicle is in the workshop: it can be transferred once the maintenance is completed."));
        }

        if (TerminalBinding.RefusesLeaving(vehicle) is { } terminal) return Decision.Refuse(terminal);

        if (vehicle.MaintenanceWindows.Any(w => w.IsOpen))
            return Decision.Refuse(Problem.Conflict("vehicle.maintenance_pending",
                "This vehicle has workshop bookings in its pool: complete or cancel them before transferring it."));

        var problems = new List<Problem>();
        if (!PoolCode.TryParse(form.ToPool, out var toPool))
            problems.Add(Problem.Invalid("vehicle.pool_invalid", "toPool",
                "'{0}' is not a pool: give the six-digit GB/T 2260 division code of the city or district that runs it (e.g. 420102).",
                form.ToPool.Length <= 40 ? form.ToPool : form.ToPool[..40] + "…"));
        else if (toPool.Value == vehicle.HomePool)
            problems.Add(Problem.Invalid("vehicle.transfer_same_pool", "toPool",
                "This vehicle already belongs to pool {0}: choose the pool it is to be transferred to.", vehicle.HomePool));

        var reason = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);

        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new VehicleTransferred(vehicle.Id, vehicle.HomePool, toPool.Value!, reason!, now));
    }

    /// <summary>What the receiving pool's registry starts from: the vehicle as it left, now at home in the new pool.</summary>
    public static VehicleReceived Receive(Vehicle vehicle, VehicleTransferred transferred) => new(
        vehicle.Id, transferred.FromPool, vehicle.Plate, vehicle.Category, vehicle.Class, vehicle.Seats, vehicle.EnergyType,
        transferred.ToPool, vehicle.Odometer, vehicle.InspectionValidUntil, vehicle.InsuranceValidUntil, transferred.TransferredAt);
}
