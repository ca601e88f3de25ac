using System.Collections.Frozen;
using Fleet.Domain.Calendar;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>
/// Who has to approve a trip, as data so that a pool can change it without a release. Every decision records
/// the <see cref="Version"/> it used, so an auditor can tell which rules applied to a trip months later.
/// </summary>
/// <param name="WorkdayStart">Local time from which a trip may start and still be approved automatically.</param>
/// <param name="WorkdayEnd">Local time by which such a trip must be back (ending exactly then is inside).</param>
/// <param name="Workdays">
/// The days of the week with working hours. The city's working calendar overrides them for the days it names: a public
/// holiday is never a workday, a make-up working day always is (docs/calendar.md).
/// </param>
/// <param name="MaxAutoApprovedLength">The longest trip approved without an approver.</param>
/// <param name="TwoLevelClasses">Vehicle classes costly enough to need a second approver whatever the trip.</param>
public sealed record ApprovalPolicy(
    int Version,
    LocalTime WorkdayStart,
    LocalTime WorkdayEnd,
    IReadOnlySet<IsoDayOfWeek> Workdays,
    Duration MaxAutoApprovedLength,
    IReadOnlySet<VehicleClass> TwoLevelClasses)
{
    /// <summary>Who approves, step by step, and what puts each step on a trip's chain (docs/approval.md).</summary>
    public IReadOnlyList<ApprovalStep> Steps { get; init; } = ApprovalChain.Default;

    /// <summary>
    /// The policy every pool starts with: a short trip inside the city during office hours needs nobody's
    /// signature; a bus, being a group outing, needs two.
    /// </summary>
    public static ApprovalPolicy Default { get; } = new(
        Version: 1,
        WorkdayStart: new LocalTime(8, 30),
        WorkdayEnd: new LocalTime(17, 30),
        Workdays: new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
            .ToFrozenSet(),
        MaxAutoApprovedLength: Duration.FromHours(4),
        TwoLevelClasses: new[] { VehicleClass.Bus }.ToFrozenSet());

    /// <summary>The policy a <see cref="PolicyChanged"/> event put in force.</summary>
    public static ApprovalPolicy From(PolicyChanged e) => new(
        e.Version, e.WorkdayStart, e.WorkdayEnd, e.Workdays.ToFrozenSet(), e.MaxAutoApprovedLength, e.TwoLevelClasses.ToFrozenSet());

    /// <summary>The policy an <see cref="ApprovalPolicyChanged"/> event put in force, with its chain.</summary>
    public static ApprovalPolicy From(ApprovalPolicyChanged e) => new(
        e.Version, e.WorkdayStart, e.WorkdayEnd, e.Workdays.ToFrozenSet(), e.MaxAutoApprovedLength, e.TwoLevelClasses.ToFrozenSet())
    {
        Steps = e.Steps,
    };

    public PolicyOutcome Evaluate(TripRequested request, DateTimeZone zone, WorkingCalendar calendar, HolidaySealings? sealings = null) =>
        Evaluate(request.Details, zone, calendar, sealings);

    /// <summary>
    /// Which approvals the trip needs and why: the reasons that apply to it (out of the city, overnight, a costly class,
    /// a public holiday or another day off, a day of a year the city has published no calendar for, outside working
    /// hours, longer than the automatic limit, more passengers than a step allows), then each step of the chain that one
    /// of them puts on it, in the chain's order. With the default chain: two approvals of the unit for the first three
    /// reasons, one for the others, none without a reason. An emergency is approved at once whatever else applies, and
    /// its reasons still list what would have applied, for the review afterwards. A trip on a day the pool's cars are
    /// sealed needs the exception of the pool's office whatever the chain says: its step is added at the end when the
    /// chain gives the office none.
    /// </summary>
    public PolicyOutcome Evaluate(TripDetails trip, DateTimeZone zone, WorkingCalendar calendar, HolidaySealings? sealings = null)
    {
        var start = trip.Start.InZone(zone).LocalDateTime;
        var end = trip.End.InZone(zone).LocalDateTime;

        var reasons = new List<string>();
        if (trip.OutOfRegion) reasons.Add(PolicyReasons.OutOfRegion);
        if (IsOvernight(trip, zone)) reasons.Add(PolicyReasons.Overnight);
        if (trip.WantedClass is { } wanted && TwoLevelClasses.Contains(wanted)) reasons.Add(PolicyReasons.TwoLevelClass);
        if (WorkdayReason(start.Date, calendar) is { } notWorked) reasons.Add(notWorked);
        if (!WithinWorkingHours(start, end)) reasons.Add(PolicyReasons.OutsideWorkingHours);
        if (trip.Length() > MaxAutoApprovedLength) reasons.Add(PolicyReasons.LongerThanAutoLimit);
        if (Steps.Any(s => s.PassengersOver is { } most && trip.Passengers > most)) reasons.Add(PolicyReasons.PassengersOver);
        var isSealed = sealings?.Seals(start.Date, LastDay(trip, zone)) == true;
        if (isSealed) reasons.Add(PolicyReasons.HolidaySealed);

        if (trip.Urgency == TripUrgency.Emergency) return new PolicyOutcome([], [PolicyReasons.Emergency, .. reasons]);
        var steps = Steps.Where(s => s.AppliesTo(reasons, trip.Passengers)).Select(s => s.Office).ToList();
        if (isSealed && !steps.Contains(ApprovalOffice.PoolOffice)) steps.Add(ApprovalOffice.PoolOffice);
        if (reasons.Count == 0) return new PolicyOutcome([], [PolicyReasons.WithinAutoLimits]);
        return new PolicyOutcome(steps, reasons);
    }

    /// <summary>
    /// Whether the trip runs into a second local day. The end is the first instant back, so a trip back at
    /// midnight has not spent any time on the next day and is not overnight.
    /// </summary>
    private static bool IsOvernight(TripDetails trip, DateTimeZone zone) => trip.Start.InZone(zone).Date != LastDay(trip, zone);

    /// <summary>The last local day the trip spends time on: its end is the first instant back.</summary>
    private static LocalDate LastDay(TripDetails trip, DateTimeZone zone) => (trip.End - Duration.Epsilon).InZone(zone).Date;

    /// <summary>
    /// Why the day is no workday, if it is not. The calendar names holidays and make-up days; any other day is a workday
    /// by the pool's days of the week. A year with no calendar is not guessed at: the unit head decides.
    /// </summary>
    private string? WorkdayReason(LocalDate day, WorkingCalendar calendar) => calendar.KindOf(day) switch
    {
        DayKind.Unknown => PolicyReasons.CalendarUnknown,
        DayKind.PublicHoliday => PolicyReasons.PublicHoliday,
        _ => IsWorkday(day, calendar) == true ? null : PolicyReasons.NotAWorkday,
    };

    /// <summary>
    /// Whether the pool works on the day: never on a public holiday, always on a make-up working day, otherwise on the
    /// policy's days of the week. None for a day of a year without a calendar, for the caller to say so.
    /// </summary>
    public bool? IsWorkday(LocalDate day, WorkingCalendar calendar) =>
        calendar.KindOf(day) == DayKind.Unknown ? null : calendar.IsWorkday(day, Workdays);

    private bool WithinWorkingHours(LocalDateTime start, LocalDateTime end) =>
        start.Date == end.Date && start.TimeOfDay >= WorkdayStart && end.TimeOfDay <= WorkdayEnd;
}

/// <summary>
/// What the policy asks for a trip: the <see cref="Steps"/> of approval, in order (none = approved at once), and the
/// stable machine codes of <see cref="PolicyReasons"/> that explain it.
/// </summary>
public sealed record PolicyOutcome(IReadOnlyList<ApprovalOffice> Steps, IReadOnlyList<string> Reasons)
{
    public int Levels => Steps.Count;

    /// <summary>An emergency approved without an approver is looked at afterwards.</summary>
    public bool ReviewAfterwards => Reasons.Contains(PolicyReasons.Emergency);
}

/// <summary>The reasons the policy gives; stored in events, so never renamed.</summary>
public static class PolicyReasons
{
    public const string WithinAutoLimits = "policy.within_auto_limits";
    public const string Emergency = "policy.emergency";
    public const string OutOfRegion = "policy.out_of_region";
    public const string Overnight = "policy.overnight";
    public const string TwoLevelClass = "policy.two_level_class";
    public const string NotAWorkday = "policy.not_a_workday";
    public const string OutsideWorkingHours = "policy.outside_working_hours";
    public const string LongerThanAutoLimit = "policy.longer_than_auto_limit";
    public const string PublicHoliday = "policy.public_holiday";
    public const string CalendarUnknown = "policy.calendar_unknown";
    public const string PassengersOver = "policy.passengers_over";
    public const string HolidaySealed = "policy.holiday_sealed";
}
