using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Drivers;

/// <summary>
/// What a fleet admin fills in to register a driver, exactly as typed from the licence and the staff list:
/// nothing is trusted yet. Licence classes come one per entry, as printed ("C1", "B2").
/// </summary>
public sealed record RegisterDriverForm(
    string? Name,
    string? Pool,
    IReadOnlyList<string?>? LicenceClasses,
    string? LicenceNumber,
    string? LicenceExpiresOn,
    string? Mobile);

/// <summary>A registration whose every field has been checked and parsed.</summary>
public sealed record DriverParticulars(
    string Name,
    PoolCode Pool,
    IReadOnlyList<LicenceClass> LicenceClasses,
    string LicenceNumber,
    LocalDate LicenceExpiresOn,
    string? Mobile);

public static class DriverRegistration
{
    public static (DriverParticulars? Particulars, IReadOnlyList<Problem> Problems) Validate(RegisterDriverForm form)
    {
        var problems = new List<Problem>();

        var name = DriverInput.Name(form.Name, problems);
        var pool = DriverInput.Pool(form.Pool, "pool", problems);
        var licenceClasses = DriverInput.LicenceClasses(form.LicenceClasses, problems);
        var licenceNumber = DriverInput.LicenceNumber(form.LicenceNumber, problems);
        var licenceExpiresOn = DriverInput.LicenceExpiry(form.LicenceExpiresOn, problems);
        var mobile = DriverInput.Mobile(form.Mobile, problems);

        if (problems.Count > 0) return (null, problems);

        return (new DriverParticulars(name!, pool!.Value, licenceClasses!, licenceNumber!, licenceExpiresOn!.Value, mobile), problems);
    }

    /// <summary>
    /// Registers the driver unless the licence has already expired: a driver who may not drive today has no
    /// place on the roster. The licence is still valid on its expiry day, in the pool's time zone.
    /// </summary>
    public static Decision Decide(DriverParticulars particulars, Guid driverId, DateTimeZone zone, Instant now)
    {
        if (DriverProblems.IfLicenceExpired(particulars.LicenceExpiresOn, zone, now) is { } expired)
            return Decision.Refuse(expired);

        return Decision.Accept(new DriverRegistered(
            driverId,
            particulars.Name,
            particulars.Pool.Value,
            particulars.LicenceClasses,
            particulars.LicenceNumber,
            particulars.LicenceExpiresOn,
            particulars.Mobile,
            now));
    }
}
