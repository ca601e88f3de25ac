using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Drivers;

/// <summary>A renewed licence as the admin copies it from the new card: all its classes and the new expiry date.</summary>
public sealed record RenewDriverLicenceForm(IReadOnlyList<string?>? LicenceClasses, string? LicenceExpiresOn);

public static class DriverLicence
{
    /// <summary>
    /// The first instant the licence no longer covers. A licence valid until a date is valid for the whole of
    /// that local day, so it ends at the start of the next day in <paramref name="zone"/>. The last day of the
    /// calendar, which some type for a licence valid for the long term (长期), has no next day: it never ends.
    /// </summary>
    public static Instant ValidUntil(LocalDate expiresOn, DateTimeZone zone) =>
        expiresOn == LocalDate.MaxIsoValue ? Instant.MaxValue : zone.AtStartOfDay(expiresOn.PlusDays(1)).ToInstant();

    public static bool IsExpired(LocalDate expiresOn, DateTimeZone zone, Instant now) => now >= ValidUntil(expiresOn, zone);

    /// <summary>
    /// Records a renewal. The new licence must run past the current one — an earlier date is a typing slip or
    /// the old card — and must not itself be expired already.
    /// </summary>
    public static Decision Renew(RenewDriverLicenceForm form, Driver driver, DateTimeZone zone, Instant now)
    {
        if (DriverProblems.IfLeftService(driver) is { } left) return Decision.Refuse(left);

        var problems = new List<Problem>();
        var licenceClasses = DriverInput.LicenceClasses(form.LicenceClasses, problems);
        var expiresOn = DriverInput.LicenceExpiry(form.LicenceExpiresOn, problems);

        if (expiresOn is { } renewed)
        {
            if (renewed <= driver.LicenceExpiresOn)
                problems.Add(Problem.Invalid("driver.licence_expiry_not_later", "licenceExpiresOn",
                    "A renewed licence expires after the current one, which runs until {0}; {1} was given.",
                    DriverInput.Format(driver.LicenceExpiresOn), DriverInput.Format(renewed)));
            else if (DriverProblems.IfLicenceExpired(renewed, zone, now) is { } expired)
                problems.Add(expired);
        }

        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new DriverLicenceRenewed(driver.Id, licenceClasses!, expiresOn!.Value, now));
    }
}
