using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Drivers;

/// <summary>Keeps a driver off duty, e.g. after an accident or a serious violation, until reinstated.</summary>
public sealed record SuspendDriverForm(string? Reason);

/// <summary>Ends a suspension.</summary>
public sealed record ReinstateDriverForm(string? Reason);

public static class DriverSuspension
{
    /// <summary>
    /// Suspends an active driver. The reason is required: it is what a dispatcher is shown when the driver
    /// cannot be assigned. Suspending twice is refused so that the first reason is not silently replaced.
    /// </summary>
    public static Decision Suspend(SuspendDriverForm form, Driver driver, Instant now)
    {
        if (DriverProblems.IfLeftService(driver) is { } left) return Decision.Refuse(left);

        var problems = new List<Problem>();
        var reason = DriverInput.Reason(form.Reason, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        if (driver.Status == DriverStatus.Suspended)
            return Decision.Refuse(Problem.Conflict("driver.already_suspended",
                "{0} is already suspended (reason: {1}); to give another reason, reinstate the driver and suspend again.", driver.Name, driver.SuspensionReason ?? ""));

        return Decision.Accept(new DriverSuspended(driver.Id, reason!, now));
    }

    /// <summary>Reinstates a suspended driver, saying why the suspension is over.</summary>
    public static Decision Reinstate(ReinstateDriverForm form, Driver driver, Instant now)
    {
        if (DriverProblems.IfLeftService(driver) is { } left) return Decision.Refuse(left);

        var problems = new List<Problem>();
        var reason = DriverInput.Reason(form.Reason, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        if (driver.Status != DriverStatus.Suspended)
            return Decision.Refuse(Problem.Conflict("driver.not_suspended",
                "{0} is not suspended: only a suspended driver can be reinstated.", driver.Name));

        return Decision.Accept(new DriverReinstated(driver.Id, reason!, now));
    }
}
