using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Drivers;

/// <summary>Records that a driver leaves the motor pool for good.</summary>
public sealed record RecordDriverDepartureForm(string? Reason);

public static class DriverDeparture
{
    /// <summary>
    /// Takes the driver off the roster for good, whether active or suspended. The record is kept and can
    /// only be read from then on: trips, logbooks and audits keep naming the driver.
    /// </summary>
    public static Decision Leave(RecordDriverDepartureForm form, Driver driver, Instant now)
    {
        if (DriverProblems.IfLeftService(driver) is { } left) return Decision.Refuse(left);

        var problems = new List<Problem>();
        var reason = DriverInput.Reason(form.Reason, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new DriverLeftService(driver.Id, reason!, now));
    }
}
