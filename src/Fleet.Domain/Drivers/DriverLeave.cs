using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Drivers;

/// <summary>
/// A leave as entered by the admin: from the first instant away to the first instant back (a leave for
/// 3 and 4 November runs from 3 November 00:00 to 5 November 00:00, local time).
/// </summary>
public sealed record ScheduleDriverLeaveForm(Instant? Start, Instant? End, string? Kind, string? Note);

/// <summary>Withdraws a scheduled leave, e.g. when the driver is called back or the course is postponed.</summary>
public sealed record CancelDriverLeaveForm(string? Reason);

public static class DriverLeave
{
    /// <summary>
    /// Longer absences (long sickness, secondment) are a matter for suspension or transfer; a bound also keeps
    /// a typo in the year from blocking a driver for a decade.
    /// </summary>
    public static readonly Duration MaxLength = Duration.FromDays(180);

    /// <summary>
    /// Schedules a leave unless it overlaps one the driver already has: two leaves over the same days are
    /// always a double entry or a mistake, and cancelling the old one first keeps the history readable.
    /// Leave in the past is accepted so that sick leave can be recorded afterwards.
    /// </summary>
    public static Decision Schedule(ScheduleDriverLeaveForm form, Driver driver, Guid leaveId, DateTimeZone zone, Instant now)
    {
        if (DriverProblems.IfLeftService(driver) is { } left) return Decision.Refuse(left);

        var problems = new List<Problem>();
        var period = LeavePeriod(form, zone, problems);
        var kind = DriverInput.Kind(form.Kind, problems);
        var note = DriverInput.Note(form.Note, problems);

        if (problems.Count > 0) return Decision.Refuse(problems);

        var clash = driver.Leave.FirstOrDefault(w => !w.Cancelled && Overlap(w.Period, period!.Value));
        if (clash is not null)
            return Decision.Refuse(Problem.Conflict("driver.leave_overlaps",
                "This leave overlaps the {0} leave from {1} to {2}: cancel that one first or choose other dates.",
                clash.Kind, DriverInput.Format(clash.Period.Start, zone), DriverInput.Format(clash.Period.End, zone)));

        return Decision.Accept(new DriverLeaveScheduled(driver.Id, leaveId, period!.Value, kind!.Value, note, now));
    }

    /// <summary>
    /// Cancels a scheduled leave. The window stays on record, marked cancelled, so a second cancellation is
    /// told apart from a leave that never existed.
    /// </summary>
    public static Decision Cancel(CancelDriverLeaveForm form, Driver driver, Guid leaveId, Instant now)
    {
        if (DriverProblems.IfLeftService(driver) is { } left) return Decision.Refuse(left);

        var problems = new List<Problem>();
        var reason = DriverInput.Reason(form.Reason, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        var leave = driver.FindLeave(leaveId);
        if (leave is null)
            return Decision.Refuse(Problem.NotFound("driver.leave_not_found",
                "{0} has no leave {1}.", driver.Name, leaveId));

        if (leave.Cancelled)
            return Decision.Refuse(Problem.Conflict("driver.leave_already_cancelled",
                "This leave was already cancelled."));

        return Decision.Accept(new DriverLeaveCancelled(driver.Id, leave.LeaveId, reason!, now));
    }

    /// <summary>Whether two half-open periods share an instant: one ending when the other starts does not.</summary>
    public static bool Overlap(Interval first, Interval second) =>
        (!first.HasStart || !second.HasEnd || first.Start < second.End) &&
        (!second.HasStart || !first.HasEnd || second.Start < first.End);

    private static Interval? LeavePeriod(ScheduleDriverLeaveForm form, DateTimeZone zone, List<Problem> problems)
    {
        if (form.Start is null) problems.Add(Problem.Required("start"));
        if (form.End is null) problems.Add(Problem.Required("end"));
        if (form is not { Start: { } start, End: { } end }) return null;

        if (end <= start)
        {
            problems.Add(Problem.Invalid("driver.leave_ends_before_start", "end",
                "A leave ends after it starts: {0} is not after {1}.",
                DriverInput.Format(end, zone), DriverInput.Format(start, zone)));
            return null;
        }

        if (end - start > MaxLength)
        {
            problems.Add(Problem.Invalid("driver.leave_too_long", "end",
                "A leave lasts at most {0} days; this one lasts {1}. Record a longer absence as a suspension or a transfer.",
                (int)MaxLength.TotalDays, (int)Math.Ceiling((end - start).TotalDays)));
            return null;
        }

        return new Interval(start, end);
    }
}
