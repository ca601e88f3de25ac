using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Drivers;

public enum DriverUnavailableReason
{
    LeftService,
    Suspended,
    OnLeave,
    LicenceExpired,
}

/// <summary>
/// One reason a driver cannot take a trip, with what a dispatcher needs to explain it: the leave that
/// blocks, the suspension reason, or the date the licence expired.
/// </summary>
public sealed record DriverUnavailability(
    DriverUnavailableReason Reason,
    LeaveWindow? Leave = null,
    string? SuspensionReason = null,
    LocalDate? LicenceExpiresOn = null);

public static class DriverAvailability
{
    /// <summary>
    /// Every reason the driver cannot work during <paramref name="wanted"/>, empty when they can. Periods are
    /// half-open, so a leave ending at 08:00 does not block a trip starting at 08:00, and a licence valid until
    /// a date covers that whole local day in <paramref name="zone"/>. Each blocking leave is its own entry, so
    /// that a dispatcher sees all the dates in the way.
    /// </summary>
    public static IReadOnlyList<DriverUnavailability> Check(Driver driver, Interval wanted, DateTimeZone zone)
    {
        var reasons = new List<DriverUnavailability>();

        if (driver.Status == DriverStatus.Left)
            reasons.Add(new DriverUnavailability(DriverUnavailableReason.LeftService));

        if (driver.Status == DriverStatus.Suspended)
            reasons.Add(new DriverUnavailability(DriverUnavailableReason.Suspended, SuspensionReason: driver.SuspensionReason));

        reasons.AddRange(driver.Leave
            .Where(w => !w.Cancelled && DriverLeave.Overlap(w.Period, wanted))
            .OrderBy(w => w.Period.Start)
            .Select(w => new DriverUnavailability(DriverUnavailableReason.OnLeave, Leave: w)));

        if (!wanted.HasEnd || wanted.End > DriverLicence.ValidUntil(driver.LicenceExpiresOn, zone))
            reasons.Add(new DriverUnavailability(DriverUnavailableReason.LicenceExpired, LicenceExpiresOn: driver.LicenceExpiresOn));

        return reasons;
    }

    /// <summary>Whether the driver's licence permits the vehicle; availability in time is <see cref="Check"/>'s business.</summary>
    public static bool CanDrive(Driver driver, VehicleClass vehicleClass, int seats) =>
        LicenceCoverage.Covers(driver.LicenceClasses, vehicleClass, seats);
}
