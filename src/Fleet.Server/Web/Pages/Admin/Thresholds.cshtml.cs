using System.Globalization;
using Fleet.Domain.People;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Server.Positions.Reconciliation;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Admin;

/// <summary>
/// The pool's reconciliation thresholds for its fleet admin, next to the approval policy and kept the same way: the version
/// in force, who put each version in force and when, and the form that puts the next one in force with the same command the
/// API sends. The form carries the version it creates, so that two admins changing the thresholds at once find out.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public sealed class AdminThresholdsModel : WebPage
{
    /// <summary>How a threshold is read and written: the unit a person thinks it in, which is not always the one stored.</summary>
    public enum Unit { Kilometres, Percent, Minutes, KilometresPerHour, Metres, ClockTime }

    /// <summary>One threshold: its field in the command (and in its problems), its words, and where the policy holds it.</summary>
    public sealed record Threshold(string Field, string Label, string Hint, Unit Unit, Func<ReconciliationPolicy, object> Of);

    /// <summary>In the order a trip is checked: distance, time away, what counts as driving, the night, places, the terminal.</summary>
    public static readonly IReadOnlyList<Threshold> Thresholds =
    [
        new("distanceToleranceKm", "admin.threshold_distance_km", "admin.threshold_distance_km_hint", Unit.Kilometres, p => p.DistanceToleranceKm),
        new("distanceTolerancePercent", "admin.threshold_distance_percent", "admin.threshold_distance_percent_hint", Unit.Percent,
            p => p.DistanceTolerancePercent),
        new("awaySlack", "admin.threshold_away_slack", "admin.threshold_away_slack_hint", Unit.Minutes, p => p.AwaySlack),
        new("movingSpeedKmh", "admin.threshold_moving_speed", "admin.threshold_moving_speed_hint", Unit.KilometresPerHour, p => p.MovingSpeedKmh),
        new("minimumDriveMetres", "admin.threshold_minimum_drive", "admin.threshold_minimum_drive_hint", Unit.Metres, p => p.MinimumDriveMetres),
        new("driveBreak", "admin.threshold_drive_break", "admin.threshold_drive_break_hint", Unit.Minutes, p => p.DriveBreak),
        new("nightStart", "admin.threshold_night_start", "admin.threshold_night_start_hint", Unit.ClockTime, p => p.NightStart),
        new("nightEnd", "admin.threshold_night_end", "admin.threshold_night_end_hint", Unit.ClockTime, p => p.NightEnd),
        new("minimumDwell", "admin.threshold_minimum_dwell", "admin.threshold_minimum_dwell_hint", Unit.Minutes, p => p.MinimumDwell),
        new("overnightCheck", "admin.threshold_overnight_check", "admin.threshold_overnight_check_hint", Unit.ClockTime, p => p.OvernightCheck),
        new("baseRadiusMetres", "admin.threshold_base_radius", "admin.threshold_base_radius_hint", Unit.Metres, p => p.BaseRadiusMetres),
        new("signalGap", "admin.threshold_signal_gap", "admin.threshold_signal_gap_hint", Unit.Minutes, p => p.SignalGap),
        new("maxPlausibleSpeedKmh", "admin.threshold_plausible_speed", "admin.threshold_plausible_speed_hint", Unit.KilometresPerHour,
            p => p.MaxPlausibleSpeedKmh),
    ];

    [BindProperty] public int? Version { get; set; }

    /// <summary>What the admin typed, by the threshold's field, so that a refused form comes back as it was filled in.</summary>
    [BindProperty] public Dictionary<string, string?> Values { get; set; } = [];

    public ReconciliationPolicy Current { get; private set; } = ReconciliationPolicy.Default;

    /// <summary>The pool's versions, newest first; the last is the defaults every pool starts with.</summary>
    public IReadOnlyList<ReconciliationPolicyVersion> Versions { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> People { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Version = Current.Version + 1;
        Values = Thresholds.ToDictionary(t => t.Field, t => (string?)Raw(t.Of(Current)));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var form = new ChangeReconciliationPolicyForm(Version,
            Number("distanceToleranceKm"), Number("distanceTolerancePercent"), Length("awaySlack"), Number("movingSpeedKmh"),
            Whole("minimumDriveMetres"), Length("driveBreak"), Time("nightStart"), Time("nightEnd"), Length("minimumDwell"),
            Length("signalGap"), Time("overnightCheck"), Whole("baseRadiusMetres"), Number("maxPlausibleSpeedKmh"));
        if (Errors.Count == 0 && (await SendAsync(new ChangeReconciliationPolicy(form))).Accepted)
            return Done("admin.thresholds_changed");

        await LoadAsync();
        return Page();
    }

    /// <summary>A threshold as the page shows it: with its unit, in the reader's language.</summary>
    public string Reading(Threshold threshold, ReconciliationPolicy policy)
    {
        var raw = Raw(threshold.Of(policy));
        var t = Service<WebText>();
        return threshold.Unit switch
        {
            Unit.Kilometres => t.Format("admin.kilometres_of", raw),
            Unit.Percent => t.Format("admin.percent_of", raw),
            Unit.Minutes => t.Format("admin.minutes_of", raw),
            Unit.KilometresPerHour => t.Format("admin.kilometres_per_hour_of", raw),
            Unit.Metres => t.Format("admin.metres_of", raw),
            _ => raw,
        };
    }

    /// <summary>What a version changed from the one before it, threshold by threshold; the defaults changed nothing.</summary>
    public IEnumerable<(Threshold Threshold, string Before, string After)> Changes(int index)
    {
        if (index + 1 >= Versions.Count) yield break;
        var (before, after) = (Versions[index + 1].Policy, Versions[index].Policy);
        foreach (var threshold in Thresholds)
        {
            var (was, now) = (Reading(threshold, before), Reading(threshold, after));
            if (was != now) yield return (threshold, was, now);
        }
    }

    public string? Typed(string field) => Values.GetValueOrDefault(field);

    protected override async Task LoadAsync()
    {
        await using var session = Read();
        Versions = await ReconciliationPolicyHistory.VersionsAsync(session, HttpContext.RequestAborted);
        Current = Versions[0].Policy;
        var ids = Versions.Select(v => v.ChangedBy).OfType<Guid>().Distinct().ToList();
        if (ids.Count > 0)
            People = (await session.Query<User>().Where(u => u.Id.IsOneOf(ids)).ToListAsync(HttpContext.RequestAborted))
                .ToDictionary(u => u.Id, u => u.DisplayName);
    }

    /// <summary>The value a field is filled in with: durations in minutes, clock times as hours:minutes.</summary>
    private static string Raw(object value) => value switch
    {
        decimal d => d.ToString("0.##", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        Duration length => ((decimal)length.TotalMinutes).ToString("0.##", CultureInfo.InvariantCulture),
        LocalTime time => ClockMinutes.Format(time),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private decimal? Number(string field)
    {
        if (string.IsNullOrWhiteSpace(Typed(field))) return null;
        if (decimal.TryParse(Typed(field)!.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var number)) return number;
        Errors[field] = Service<WebText>()["admin.number_unreadable"];
        return null;
    }

    private int? Whole(string field) => Number(field) is { } number
        ? number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue ? (int)number : Unreadable<int>(field, "admin.whole_metres_unreadable")
        : null;

    /// <summary>A length of time typed in minutes; the decision keeps it within the range a policy is thought in.</summary>
    private Duration? Length(string field) => Number(field) is { } minutes
        ? Math.Abs(minutes) <= 100_000 ? Duration.FromSeconds((long)decimal.Round(minutes * 60m)) : Unreadable<Duration>(field, "admin.number_unreadable")
        : null;

    private LocalTime? Time(string field) => ClockTime(Typed(field), field);

    private T? Unreadable<T>(string field, string key) where T : struct
    {
        Errors[field] = Service<WebText>()[key];
        return null;
    }
}
