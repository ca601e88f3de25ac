using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>
/// A new approval policy as the administrator fills it in. <see cref="Version"/> is the version the change
/// creates, which is how two administrators editing the policy at once find out about each other.
/// </summary>
public sealed record ChangeApprovalPolicyForm(
    int? Version,
    LocalTime? WorkdayStart,
    LocalTime? WorkdayEnd,
    IReadOnlyList<IsoDayOfWeek>? Workdays,
    Duration? MaxAutoApprovedLength,
    IReadOnlyList<VehicleClass>? TwoLevelClasses);

/// <summary>
/// A new version of the approval policy is in force from <see cref="ChangedAt"/>; trips already decided keep
/// the version they were decided under. The days and classes are sorted so that equal policies store equally.
/// Stored as <c>policy_changed</c>.
/// </summary>
public sealed record PolicyChanged(
    int Version,
    LocalTime WorkdayStart,
    LocalTime WorkdayEnd,
    IReadOnlyList<IsoDayOfWeek> Workdays,
    Duration MaxAutoApprovedLength,
    IReadOnlyList<VehicleClass> TwoLevelClasses,
    Instant ChangedAt);

public static class ApprovalPolicies
{
    /// <summary>
    /// Shorter than a quarter of an hour no trip is worth the rule; longer than a day, "automatic" would
    /// cover overnight trips, which always need two levels anyway.
    /// </summary>
    public static readonly Duration MinAutoApprovedLength = Duration.FromMinutes(15);

    public static readonly Duration MaxAutoApprovedLength = Duration.FromHours(24);

    /// <summary>
    /// Puts a new policy version in force. The version must follow the current one: versions are what trips
    /// refer to, so a gap or a repeat would make that reference ambiguous.
    /// </summary>
    public static Decision Change(ChangeApprovalPolicyForm form, ApprovalPolicy current, Instant now)
    {
        var next = current.Version + 1;
        if (form.Version is { } version && version != next)
            return Decision.Refuse(Problem.Conflict("policy.version_not_next",
                "The policy is at version {0}, so the change creates version {1}, not {2}: read the current policy and apply the change to it.",
                current.Version, next, version));

        var problems = new List<Problem>();
        if (form.Version is null) problems.Add(Problem.Required("version"));
        if (form.WorkdayStart is null) problems.Add(Problem.Required("workdayStart"));
        if (form.WorkdayEnd is null) problems.Add(Problem.Required("workdayEnd"));
        if (form is { WorkdayStart: { } start, WorkdayEnd: { } end } && end <= start)
            problems.Add(Problem.Invalid("policy.workday_ends_before_start", "workdayEnd",
                "Working hours end after they start: {0} is not after {1}.", end.ToString("HH:mm", null), start.ToString("HH:mm", null)));

        var workdays = Workdays(form.Workdays, problems);
        var classes = TwoLevelClasses(form.TwoLevelClasses, problems);

        if (form.MaxAutoApprovedLength is not { } length)
            problems.Add(Problem.Required("maxAutoApprovedLength"));
        else if (length < MinAutoApprovedLength || length > MaxAutoApprovedLength)
            problems.Add(Problem.Invalid("policy.max_length_out_of_range", "maxAutoApprovedLength",
                "The longest automatically approved trip is between {0} and {1} minutes; {2} were given.",
                (int)MinAutoApprovedLength.TotalMinutes, (int)MaxAutoApprovedLength.TotalMinutes, (long)length.TotalMinutes));

        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new PolicyChanged(next, form.WorkdayStart!.Value, form.WorkdayEnd!.Value, workdays!,
            form.MaxAutoApprovedLength!.Value, classes!, now));
    }

    private static IReadOnlyList<IsoDayOfWeek>? Workdays(IReadOnlyList<IsoDayOfWeek>? days, List<Problem> problems)
    {
        if (days is null || days.Count == 0)
        {
            problems.Add(Problem.Invalid("policy.no_workday", "workdays",
                "At least one day of the week has working hours; without one, no trip would ever be approved automatically."));
            return null;
        }

        // IsoDayOfWeek.None is the enum's zero, what a missing or mistyped day deserialises to.
        var unknown = days.Where(d => d is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday).ToList();
        if (unknown.Count > 0)
        {
            problems.Add(Problem.Invalid("policy.workday_invalid", "workdays",
                "'{0}' is not a day of the week: use Monday to Sunday.", unknown[0]));
            return null;
        }

        return [.. days.Distinct().Order()];
    }

    private static IReadOnlyList<VehicleClass>? TwoLevelClasses(IReadOnlyList<VehicleClass>? classes, List<Problem> problems)
    {
        if (classes is null) return [];

        var unknown = classes.Where(c => !Enum.IsDefined(c)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add(Problem.Invalid("policy.vehicle_class_invalid", "twoLevelClasses",
                "'{0}' is not a known vehicle class: use one of {1}.", unknown[0], CodeList.Describe<VehicleClass>()));
            return null;
        }

        return [.. classes.Distinct().Order()];
    }
}
