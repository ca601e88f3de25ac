using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Positions.Reconciliation;

/// <summary>
/// New reconciliation thresholds as a fleet admin fills them in. <see cref="Version"/> is the version the change
/// creates, which is how two admins editing the thresholds at once find out about each other. Every threshold is
/// required: a change states the whole policy, so that a version can be read on its own.
/// </summary>
public sealed record ChangeReconciliationPolicyForm(
    int? Version,
    decimal? DistanceToleranceKm,
    decimal? DistanceTolerancePercent,
    Duration? AwaySlack,
    decimal? MovingSpeedKmh,
    int? MinimumDriveMetres,
    Duration? DriveBreak,
    LocalTime? NightStart,
    LocalTime? NightEnd,
    Duration? MinimumDwell,
    Duration? SignalGap,
    LocalTime? OvernightCheck,
    int? BaseRadiusMetres,
    decimal? MaxPlausibleSpeedKmh);

public static class ReconciliationPolicies
{
    /// <summary>
    /// Puts a new version of the thresholds in force. The version must follow the current one, as with the approval
    /// policy: findings refer to versions, so a gap or a repeat would make that reference ambiguous. The ranges keep
    /// out values that would make every trip a finding (a tolerance of 0 km) or none (a signal gap of a day).
    /// </summary>
    public static Decision Change(ChangeReconciliationPolicyForm form, ReconciliationPolicy current, Instant now)
    {
        var next = current.Version + 1;
        if (form.Version is { } version && version != next)
            return Decision.Refuse(Problem.Conflict("reconciliation.version_not_next",
                "The reconciliation policy is at version {0}, so the change creates version {1}, not {2}: read the current policy and apply the change to it.",
                current.Version, next, version));

        var problems = new List<Problem>();
        if (form.Version is null) problems.Add(Problem.Required("version"));
        var tolerance = InRange(form.DistanceToleranceKm, "distanceToleranceKm", 0.5m, 50m, problems);
        var percent = InRange(form.DistanceTolerancePercent, "distanceTolerancePercent", 1m, 50m, problems);
        var slack = InRange(form.AwaySlack, "awaySlack", 0, 240, problems);
        var moving = InRange(form.MovingSpeedKmh, "movingSpeedKmh", 1m, 30m, problems);
        var drive = InRange(form.MinimumDriveMetres, "minimumDriveMetres", 100, 10_000, problems);
        var driveBreak = InRange(form.DriveBreak, "driveBreak", 1, 120, problems);
        var dwell = InRange(form.MinimumDwell, "minimumDwell", 1, 240, problems);
        var gap = InRange(form.SignalGap, "signalGap", 1, 120, problems);
        var radius = InRange(form.BaseRadiusMetres, "baseRadiusMetres", 10, 5_000, problems);
        var plausible = InRange(form.MaxPlausibleSpeedKmh, "maxPlausibleSpeedKmh", 130m, 400m, problems);
        if (form.NightStart is null) problems.Add(Problem.Required("nightStart"));
        if (form.NightEnd is null) problems.Add(Problem.Required("nightEnd"));
        if (form.OvernightCheck is null) problems.Add(Problem.Required("overnightCheck"));
        if (form is { NightStart: { } start, NightEnd: { } end } && start == end)
            problems.Add(Problem.Invalid("reconciliation.night_empty", "nightEnd",
                "The night ends at another time than it starts: {0} to {0} is no night.", start.ToString("HH:mm", null)));

        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new ReconciliationPolicyChanged(next, tolerance!.Value, percent!.Value, slack!.Value, moving!.Value, drive!.Value,
            driveBreak!.Value, form.NightStart!.Value, form.NightEnd!.Value, dwell!.Value, gap!.Value, form.OvernightCheck!.Value, radius!.Value,
            plausible!.Value, now));
    }

    private static T? InRange<T>(T? value, string field, T min, T max, List<Problem> problems) where T : struct, IComparable<T>
    {
        if (value is not { } v)
        {
            problems.Add(Problem.Required(field));
            return null;
        }

        if (v.CompareTo(min) >= 0 && v.CompareTo(max) <= 0) return v;
        problems.Add(Problem.Invalid("reconciliation.out_of_range", field, "This threshold is between {0} and {1}; {2} was given.", min, max, v));
        return null;
    }

    /// <summary>Durations are bounded in whole minutes, the unit a policy is thought in.</summary>
    private static Duration? InRange(Duration? value, string field, int minMinutes, int maxMinutes, List<Problem> problems)
    {
        if (value is not { } v)
        {
            problems.Add(Problem.Required(field));
            return null;
        }

        if (v >= Duration.FromMinutes(minMinutes) && v <= Duration.FromMinutes(maxMinutes)) return v;
        problems.Add(Problem.Invalid("reconciliation.out_of_range", field, "This threshold is between {0} and {1}; {2} was given.",
            $"{minMinutes} min", $"{maxMinutes} min", $"{v.TotalMinutes:0.#} min"));
        return null;
    }
}
