using Fleet.Domain.Common;
using Fleet.Domain.People;
using NodaTime;

namespace Fleet.Domain.Drivers;

/// <summary>
/// The driver signs in as <see cref="UserId"/>: what that account accepts, starts and finishes is this driver's
/// work. Stored as <c>driver_account_linked</c>.
/// </summary>
public sealed record DriverAccountLinked(Guid DriverId, Guid UserId, string LoginName, Instant At);

/// <summary>The account a driver is to sign in with, by its id, as sent.</summary>
public sealed record LinkDriverAccountForm(Guid? UserId);

public static class DriverAccount
{
    /// <summary>
    /// Links a driver record to the account its driver signs in with. The account must be a driver's of the same
    /// pool; one account drives as one driver, which the caller checks against the other records.
    /// </summary>
    /// <param name="user">The account the form names, or null when there is none.</param>
    public static Decision Link(LinkDriverAccountForm form, Driver driver, User? user, bool linkedElsewhere, Instant now)
    {
        if (form.UserId is not { } userId) return Decision.Refuse(Problem.Required("userId"));
        if (user is null) return Decision.Refuse(UserAdministration.NotFound(userId));
        if (DriverProblems.IfLeftService(driver) is { } left) return Decision.Refuse(left);
        if (driver.UserId == user.Id)
            return Decision.Refuse(Problem.Conflict("driver.account_unchanged", "{0} already signs in as {1}.", driver.Name, user.LoginName));

        var problems = new List<Problem>();
        if (!user.Active)
            problems.Add(Problem.Invalid("driver.account_inactive", "userId", "The account {0} is deactivated.", user.LoginName));
        else if (!user.Roles.Contains(Role.Driver))
            problems.Add(Problem.Invalid("driver.account_not_a_driver", "userId",
                "The account {0} does not hold the Driver role: give it the role first.", user.LoginName));
        else if (user.Pool != driver.Pool)
            problems.Add(Problem.Invalid("driver.account_other_pool", "userId",
                "The account {0} belongs to pool {1}, the driver to pool {2}.", user.LoginName, user.Pool, driver.Pool));
        if (problems.Count > 0) return Decision.Refuse(problems);

        if (linkedElsewhere)
            return Decision.Refuse(Problem.Conflict("driver.account_taken",
                "The account {0} already signs in as another driver: one account drives as one driver.", user.LoginName));

        return Decision.Accept(new DriverAccountLinked(driver.Id, user.Id, user.LoginName, now));
    }
}
