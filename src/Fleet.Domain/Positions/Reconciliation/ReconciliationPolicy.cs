using NodaTime;

namespace Fleet.Domain.Positions.Reconciliation;

/// <summary>
/// The thresholds that decide when a track disagrees with what was declared, as data so that a pool can change
/// them without a release. Like the approval policy, every conclusion records the <see cref="Version"/> it used, so
/// a flag raised in March can be explained in December after the thresholds moved.
/// </summary>
/// <param name="DistanceToleranceKm">Declared and tracked distance may differ by this much on any trip…</param>
/// <param name="DistanceTolerancePercent">…or by this share of the tracked distance, whichever is larger.</param>
/// <param name="AwaySlack">How long before the approved start and after the approved end the car may be away from base unremarked.</param>
/// <param name="MovingSpeedKmh">Between two fixes the car moves when it covered ground faster than this; slower is the drift of a parked car's fix.</param>
/// <param name="MinimumDriveMetres">A drive counts when it covers more than this; less is moving the car across a yard.</param>
/// <param name="DriveBreak">A stop this long ends a drive; shorter stops (lights, a barrier) do not.</param>
/// <param name="NightStart">Local time from which a drive is at night.</param>
/// <param name="NightEnd">Local time at which the night ends (not itself at night).</param>
/// <param name="MinimumDwell">How long a car must stay in a geofence, from its first fix inside to its last, to be reported.</param>
/// <param name="SignalGap">Longer than this without any report during a trip, or with the ignition on, is a gap.</param>
/// <param name="OvernightCheck">Local time at which a car not on a trip should be at its base, the night after the day checked.</param>
/// <param name="BaseRadiusMetres">The radius of a base given as a point.</param>
/// <param name="MaxPlausibleSpeedKmh">A fix that would need a higher speed from both its neighbours is noise and dropped.</param>
public sealed record ReconciliationPolicy(
    int Version,
    decimal DistanceToleranceKm,
    decimal DistanceTolerancePercent,
    Duration AwaySlack,
    decimal MovingSpeedKmh,
    int MinimumDriveMetres,
    Duration DriveBreak,
    LocalTime NightStart,
    LocalTime NightEnd,
    Duration MinimumDwell,
    Duration SignalGap,
    LocalTime OvernightCheck,
    int BaseRadiusMetres,
    decimal MaxPlausibleSpeedKmh)
{
    /// <summary>
    /// The thresholds every pool starts with. A terminal reporting every 10 s loses about 1 % of a city route to
    /// cut corners, so 3 km or 10 % leaves room for that and for odometer rounding while a padded logbook (tens of
    /// kilometres) stands out. Half an hour either side of a window covers fetching the passengers; 22:00–06:00 is
    /// the night of the national working-hours rules; a quarter of an hour in a geofence is more than passing by.
    /// 200 km/h is faster than any official car may go on a Chinese road (120 km/h is the expressway limit).
    /// </summary>
    public static ReconciliationPolicy Default { get; } = new(
        Version: 1,
        DistanceToleranceKm: 3m,
        DistanceTolerancePercent: 10m,
        AwaySlack: Duration.FromMinutes(30),
        MovingSpeedKmh: 5m,
        MinimumDriveMetres: 500,
        DriveBreak: Duration.FromMinutes(5),
        NightStart: new LocalTime(22, 0),
        NightEnd: new LocalTime(6, 0),
        MinimumDwell: Duration.FromMinutes(15),
        SignalGap: Duration.FromMinutes(5),
        OvernightCheck: new LocalTime(2, 0),
        BaseRadiusMetres: 200,
        MaxPlausibleSpeedKmh: 200m);

    /// <summary>The policy a <see cref="ReconciliationPolicyChanged"/> event put in force.</summary>
    public static ReconciliationPolicy From(ReconciliationPolicyChanged e) => new(
        e.Version, e.DistanceToleranceKm, e.DistanceTolerancePercent, e.AwaySlack, e.MovingSpeedKmh, e.MinimumDriveMetres,
        e.DriveBreak, e.NightStart, e.NightEnd, e.MinimumDwell, e.SignalGap, e.OvernightCheck, e.BaseRadiusMetres,
        e.MaxPlausibleSpeedKmh);

    /// <summary>How far declared and tracked distance may differ for a trip the track measured at <paramref name="trackKm"/>.</summary>
    public double DistanceToleranceKmFor(double trackKm) =>
        Math.Max((double)DistanceToleranceKm, trackKm * (double)DistanceTolerancePercent / 100);

    /// <summary>The night wraps midnight when it starts later than it ends (22:00–06:00), or lies within one day.</summary>
    public bool IsNight(LocalTime time) =>
        NightStart > NightEnd ? time >= NightStart || time < NightEnd : time >= NightStart && time < NightEnd;

    /// <summary>
    /// The moment of the overnight check for <paramref name="day"/>: the night after it, so at the check time on the
    /// day itself when that is in the evening, otherwise on the next morning.
    /// </summary>
    public Instant OvernightCheckAfter(LocalDate day, DateTimeZone zone)
    {
        var date = OvernightCheck >= new LocalTime(12, 0) ? day : day.PlusDays(1);
        return (date + OvernightCheck).InZoneLeniently(zone).ToInstant();
    }
}

/// <summary>
/// A new version of the reconciliation thresholds is in force from <see cref="ChangedAt"/>; tracks already
/// reconciled keep the version they were checked under. Stored as <c>reconciliation_policy_changed</c>.
/// </summary>
public sealed record ReconciliationPolicyChanged(
    int Version,
    decimal DistanceToleranceKm,
    decimal DistanceTolerancePercent,
    Duration AwaySlack,
    decimal MovingSpeedKmh,
    int MinimumDriveMetres,
    Duration DriveBreak,
    LocalTime NightStart,
    LocalTime NightEnd,
    Duration MinimumDwell,
    Duration SignalGap,
    LocalTime OvernightCheck,
    int BaseRadiusMetres,
    decimal MaxPlausibleSpeedKmh,
    Instant ChangedAt);
