using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Drivers;

/// <summary>The refusals more than one driver decision can give, worded once.</summary>
internal static class DriverProblems
{
    /// <summary>A driver who left is kept for the records that name them; nothing about them changes any more.</summary>
    public static Problem? IfLeftService(Driver driver) =>
        driver.Status == DriverStatus.Left
            ? Problem.Conflict("driver.left_service",
                "{0} has left service: the record can be read but no longer changed.", driver.Name)
            : null;

    public static Problem? IfLicenceExpired(LocalDate expiresOn, DateTimeZone zone, Instant now) =>
        DriverLicence.IsExpired(expiresOn, zone, now)
            ? Problem.Invalid("driver.licence_expired", "licenceExpiresOn",
                "The licence expired on {0}: a driver needs a valid licence.", DriverInput.Format(expiresOn))
            : null;
}
