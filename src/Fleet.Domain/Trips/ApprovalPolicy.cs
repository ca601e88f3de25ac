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

    public PolicyOutcome Evaluate(TripRequested request, DateTimeZone zone, WorkingCalendar calendar) => Evaluate(request.Details, zone, calendar);

    /// <summary>
    /// How many approvals the trip needs and why. Two levels for a trip out of the city, overnight or in a
    /// two-level class; one (the unit head) for one outside the working hours of a single workday, on a public holiday,
    /// on a day of a year the city has published no calendar for, or longer than the automatic limit; none otherwise.
    /// An emergency is approved at once whatever else applies, and its reasons still list what would have applied, for
    /// the review afterwards.
    /// </summary>
    public PolicyOutcome Evaluate(TripDetails trip, DateTimeZone zone, WorkingCalendar calendar)
    {
        var start = trip.Start.InZone(zone).LocalDateTime;
        var end = trip.End.InZone(zone).LocalDateTime;

        var twoLevel = new List<string>();
        if (trip.OutOfRegion) twoLevel.Add(PolicyReasons.OutOfRegion);
        if (IsOvernight(trip, zone)) twoLevel.Add(PolicyReasons.Overnight);
        if (trip.WantedClass is { } wanted && TwoLevelClasses.Contains(wanted)) twoLevel.Add(PolicyReasons.TwoLevelClass);

        var oneLevel = new List<string>();
        if (WorkdayReason(start.Date, calendar) is { } notWorked) oneLevel.Add(notWorked);
        if (!WithinWorkingHours(start, end)) oneLevel.Add(PolicyReasons.OutsideWorkingHours);
        if (trip.Length() > MaxAutoApprovedLength) oneLevel.Add(PolicyReasons.LongerThanAutoLimit);

        List<string> reasons = [.. twoLevel, .. oneLevel];
        if (trip.Urgency == TripUrgency.Emergency) return new PolicyOutcome(0, [PolicyReasons.Emergency, .. reasons]);
        if (reasons.Count == 0) return new PolicyOutcome(0, [PolicyReasons.WithinAutoLimits]);
        return new PolicyOutcome(twoLevel.Count > 0 ? 2 : 1, reasons);
    }

    /// <summary>
    /// Whether the trip runs into a second local day. The end is the first instant back, so a trip back at
    /// midnight has not spent any time on the next day and is not overnight.
    /// </summary>
    private static bool IsOvernight(TripDetails trip, DateTimeZone zone) =>
        trip.Start.InZone(zone).Date != (trip.End - Duration.Epsilon).InZone(zone).Date;

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
/// What the policy asks for a trip: <see cref="Levels"/> approvals (0 = approved at once) and the stable
/// machine codes of <see cref="PolicyReasons"/> that explain it.
/// </summary>
public sealed record PolicyOutcome(int Levels, IReadOnlyList<string> Reasons)
{
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
}
