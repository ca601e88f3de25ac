using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Drivers;

/// <summary>The driver's new number as the fleet admin types it.</summary>
public sealed record RecordDriverPhoneForm(string? Phone);

public static class DriverPhone
{
    /// <summary>
    /// Records the number the driver is called on. It must be a mobile: a driver is reached on the road, not at a
    /// desk. The number already on file is refused, so that a resent form does not add a change that changed nothing.
    /// </summary>
    public static Decision Record(RecordDriverPhoneForm form, Driver driver, Instant now)
    {
        if (DriverProblems.IfLeftService(driver) is { } left) return Decision.Refuse(left);

        var problems = new List<Problem>();
        var phone = PhoneRules.Check(form.Phone, "phone", required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        if (!phone!.IsMobile)
            return Decision.Refuse(Problem.Invalid("driver.phone_not_mobile", "phone",
                "{0} is a landline: a driver is called on the road, so give their mobile number (11 digits, e.g. 13800138000).", phone.Text));

        if (phone.Text == driver.Mobile)
            return Decision.Refuse(Problem.Conflict("driver.phone_unchanged",
                "{0} is already {1}'s number: nothing to change.", phone.Text, driver.Name));

        return Decision.Accept(new DriverPhoneRecorded(driver.Id, phone.Text, now));
    }
}
