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
    IReadOnlyList<VehicleClass>? TwoLevelClasses,
    IReadOnlyList<ApprovalStepForm>? Steps = null);

/// <summary>One step of the chain as typed: whose approvers sign it, and the conditions that put it on a trip's chain.</summary>
public sealed record ApprovalStepForm(ApprovalOffice? Office, IReadOnlyList<string>? When, int? PassengersOver = null);

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

/// <summary>
/// A new version of the approval policy, with a chain of steps other than the default one, is in force from
/// <see cref="ChangedAt"/>. A policy whose chain is the default is still recorded as <see cref="PolicyChanged"/>.
/// Stored as <c>approval_policy_changed</c>.
/// </summary>
public sealed record ApprovalPolicyChanged(
    int Version,
    LocalTime WorkdayStart,
    LocalTime WorkdayEnd,
    IReadOnlyList<IsoDayOfWeek> Workdays,
    Duration MaxAutoApprovedLength,
    IReadOnlyList<VehicleClass> TwoLevelClasses,
    IReadOnlyList<ApprovalStep> Steps,
    Instant ChangedAt)
{
    /// <summary>The same policy without its chain: what the pages and reports that know no chain read.</summary>
    public PolicyChanged WithoutChain() => new(Version, WorkdayStart, WorkdayEnd, Workdays, MaxAutoApprovedLength, TwoLevelClasses, ChangedAt);
}

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

        // Without steps the chain stays as it is: a form from before chains changes only what it names.
        var steps = form.Steps is null ? current.Steps : Steps(form.Steps, problems);

        if (problems.Count > 0) return Decision.Refuse(problems);

        var changed = new PolicyChanged(next, form.WorkdayStart!.Value, form.WorkdayEnd!.Value, workdays!, form.MaxAutoApprovedLength!.Value, classes!, now);
        if (ApprovalChain.SameSteps(steps!, ApprovalChain.Default)) return Decision.Accept(changed);
        return Decision.Accept(new ApprovalPolicyChanged(changed.Version, changed.WorkdayStart, changed.WorkdayEnd, changed.Workdays,
            changed.MaxAutoApprovedLength, changed.TwoLevelClasses, steps!, now));
    }

    /// <summary>
    /// The chain as typed, each step checked: an office, at least one condition, and only conditions the policy knows.
    /// An emergency is not one: it goes at once and is reviewed afterwards, it cannot wait for a step.
    /// </summary>
    private static IReadOnlyList<ApprovalStep>? Steps(IReadOnlyList<ApprovalStepForm> steps, List<Problem> problems)
    {
        if (steps.Count == 0)
        {
            problems.Add(Problem.Invalid("policy.no_step", "steps",
                "A chain has at least one step: without one, every request would be approved without anybody reading it."));
            return null;
        }

        if (steps.Count > ApprovalChain.MaxSteps)
        {
            problems.Add(Problem.Invalid("policy.too_many_steps", "steps",
                "A chain has at most {0} steps; {1} were given.", ApprovalChain.MaxSteps, steps.Count));
            return null;
        }

        var chain = new List<ApprovalStep>();
        var before = problems.Count;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            string officeField = $"steps[{i}].office", conditionsField = $"steps[{i}].when", passengersField = $"steps[{i}].passengersOver";
            if (step?.Office is not { } office || !Enum.IsDefined(office))
            {
                problems.Add(Problem.Invalid("policy.step_office_invalid", officeField,
                    "Step {0} names whose approvers sign it: use one of {1}.", i + 1, CodeList.Describe<ApprovalOffice>()));
                continue;
            }

            var when = (step.When ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
            if (when.Contains(PolicyReasons.Emergency))
                problems.Add(Problem.Invalid("policy.step_emergency", conditionsField,
                    "Step {0}: an emergency trip goes at once and its unit head reviews it afterwards; no step can hold it back.", i + 1));
            else if (when.FirstOrDefault(c => !ApprovalConditions.Known.Contains(c)) is { } unknown)
                problems.Add(Problem.Invalid("policy.step_condition_invalid", conditionsField,
                    "Step {0}: '{1}' is not a condition the policy knows.", i + 1, unknown));
            else if (step.PassengersOver is { } most && (most < 0 || most > TripRequesting.MaxPassengers))
                problems.Add(Problem.Invalid("policy.step_passengers_out_of_range", passengersField,
                    "Step {0}: the passengers a step allows are between 0 and {1}; {2} were given.", i + 1, TripRequesting.MaxPassengers, step.PassengersOver));
            else if (when.Count == 0 && step.PassengersOver is null)
                problems.Add(Problem.Invalid("policy.step_without_condition", conditionsField,
                    "Step {0} names no condition, so no trip would ever need it: name at least one.", i + 1));
            else
                chain.Add(new ApprovalStep(office, when, step.PassengersOver));
        }

        return problems.Count > before ? null : chain;
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
