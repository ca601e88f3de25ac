using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Drivers;

/// <summary>Moves a driver to the pool of another city or district government.</summary>
public sealed record TransferDriverForm(string? ToPool, string? Reason);

public static class DriverTransfer
{
    /// <summary>
    /// Transfers the driver to another pool. The reason is required because a transfer changes who may
    /// dispatch the driver, and supervisors audit such moves.
    /// </summary>
    public static Decision Transfer(TransferDriverForm form, Driver driver, Instant now)
    {
        if (DriverProblems.IfLeftService(driver) is { } left) return Decision.Refuse(left);

        var problems = new List<Problem>();
        var toPool = DriverInput.Pool(form.ToPool, "toPool", problems);
        var reason = DriverInput.Reason(form.Reason, problems);

        if (toPool is { } pool && pool.Value == driver.Pool)
            problems.Add(Problem.Invalid("driver.same_pool", "toPool",
                "The driver already belongs to pool {0}: a transfer goes to another pool.", driver.Pool));

        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new DriverTransferred(driver.Id, driver.Pool, toPool!.Value.Value, reason!, now));
    }

    /// <summary>What the receiving pool starts from: the driver as they left, now serving the new pool.</summary>
    public static DriverReceived Receive(Driver driver, DriverTransferred transferred) => new(
        driver.Id, transferred.FromPool, driver.Name, transferred.ToPool, driver.LicenceClasses, driver.LicenceNumber,
        driver.LicenceExpiresOn, driver.Mobile, driver.Status, driver.SuspensionReason, transferred.TransferredAt);
}
