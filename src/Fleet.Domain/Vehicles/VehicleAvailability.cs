using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>
/// Whether a vehicle can be sent out for a wanted time, as far as the vehicle itself is concerned (other
/// bookings are dispatch's business). Every reason is listed, so a dispatcher sees at once what would have to
/// change.
/// </summary>
public static class VehicleAvailability
{
    /// <param name="wanted">The trip, half-open: [departure, return).</param>
    /// <param name="zone">Where the fleet is: papers are valid until the end of a calendar day there.</param>
    public static IReadOnlyList<VehicleUnavailability> Check(Vehicle vehicle, Interval wanted, DateTimeZone zone)
    {
        if (!wanted.HasStart || !wanted.HasEnd)
            throw new ArgumentException("A wanted interval has a start and an end.", nameof(wanted));

        // A vehicle that has left service does not come back by renewing its papers; listing them would only mislead.
        switch (vehicle.Status)
        {
            case VehicleStatus.Disposed:
                return [VehicleUnavailability.Because(VehicleUnavailableReason.Disposed)];
            case VehicleStatus.Retired:
                return [VehicleUnavailability.Because(VehicleUnavailableReason.Retired)];
        }

        var reasons = vehicle.MaintenanceWindows
            .Where(w => w.Occupancy is { } occupied && occupied.Overlaps(wanted))
            .OrderBy(w => w.Occupancy!.Value.Start)
            .Select(VehicleUnavailability.InWorkshop)
            .ToList();

        if (Papers(vehicle.InspectionValidUntil, wanted, zone, VehicleUnavailableReason.InspectionMissing, VehicleUnavailableReason.InspectionExpired) is { } inspection)
            reasons.Add(inspection);
        if (Papers(vehicle.InsuranceValidUntil, wanted, zone, VehicleUnavailableReason.InsuranceMissing, VehicleUnavailableReason.InsuranceExpired) is { } insurance)
            reasons.Add(insurance);

        return reasons;
    }

    /// <summary>Papers must still be valid when the vehicle comes back, not only when it leaves.</summary>
    private static VehicleUnavailability? Papers(LocalDate? validUntil, Interval wanted, DateTimeZone zone,
        VehicleUnavailableReason missing, VehicleUnavailableReason expired)
    {
        if (validUntil is not { } lastDay) return VehicleUnavailability.Because(missing);

        var endOfLastDay = zone.AtStartOfDay(lastDay.PlusDays(1)).ToInstant();
        return wanted.End > endOfLastDay ? VehicleUnavailability.Expired(expired, lastDay) : null;
    }
}

/// <summary>One reason a vehicle cannot be sent out, with what a dispatcher needs to act on it.</summary>
/// <param name="Maintenance">For <see cref="VehicleUnavailableReason.Maintenance"/>: the job that holds the vehicle.</param>
/// <param name="ValidUntil">For an expired inspection or policy: the last day it was valid.</param>
public sealed record VehicleUnavailability(
    VehicleUnavailableReason Reason,
    MaintenanceWindow? Maintenance = null,
    LocalDate? ValidUntil = null)
{
    public static VehicleUnavailability Because(VehicleUnavailableReason reason) => new(reason);

    public static VehicleUnavailability InWorkshop(MaintenanceWindow window) => new(VehicleUnavailableReason.Maintenance, Maintenance: window);

    public static VehicleUnavailability Expired(VehicleUnavailableReason reason, LocalDate validUntil) => new(reason, ValidUntil: validUntil);
}

public enum VehicleUnavailableReason
{
    Retired,
    Disposed,
    Maintenance,
    InspectionExpired,
    InspectionMissing,
    InsuranceExpired,
    InsuranceMissing,
}
