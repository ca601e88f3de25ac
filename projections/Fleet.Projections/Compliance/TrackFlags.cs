using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Fleet.Domain.Positions.Reconciliation;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Projections.Compliance;

/// <summary>The compliance flags of a reconciliation's findings, one per kind, with the evidence in the words a supervisor reads.</summary>
public static class TrackFlags
{
    private static readonly LocalDateTimePattern Local = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    public static ComplianceFlagKind KindOf(FindingKind finding) => finding switch
    {
        FindingKind.DistanceMismatch => ComplianceFlagKind.TrackDistanceMismatch,
        FindingKind.AwayOutsideWindow => ComplianceFlagKind.AwayFromBaseOutsideWindow,
        FindingKind.LeftApprovedArea => ComplianceFlagKind.LeftApprovedArea,
        FindingKind.GeofenceDwell => ComplianceFlagKind.GeofenceDwell,
        FindingKind.SignalGap => ComplianceFlagKind.TerminalSilent,
        FindingKind.MovementWithoutTrip => ComplianceFlagKind.MovementWithoutTrip,
        FindingKind.MovementAtNight => ComplianceFlagKind.MovementAtNight,
        FindingKind.MovementOnRestDay => ComplianceFlagKind.MovementOnRestDay,
        FindingKind.NotBackOvernight => ComplianceFlagKind.NotBackOvernight,
        FindingKind.MovementWhileSealed => ComplianceFlagKind.MovementWhileSealed,
        _ => throw new ArgumentOutOfRangeException(nameof(finding), finding, "Every finding has a flag."),
    };

    /// <summary>One car-day's record id: stable across checks of that day, so that the latest check replaces the one before.</summary>
    public static Guid DayId(Guid vehicle, LocalDate day) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"{vehicle:N}|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}")));

    /// <summary>
    /// A flag for each kind of finding, from the first finding of that kind (a second dwell is counted, not repeated):
    /// local times, kilometres with one decimal, the geofence's name and kind, the thresholds' version.
    /// </summary>
    public static IEnumerable<ComplianceFlag> Flags(ReconciledTrack track, string? plate, string? orderNumber, string? unitCode, DateTimeZone zone) =>
        track.Findings.GroupBy(f => KindOf(f.Kind)).OrderBy(g => g.Key).Select(kind =>
        {
            var first = kind.OrderBy(f => f.From).First();
            var evidence = new Dictionary<string, string>
            {
                ["from"] = Time(first.From, zone),
                ["to"] = Time(first.To, zone),
                ["policyVersion"] = first.PolicyVersion.ToString(CultureInfo.InvariantCulture),
                ["count"] = kind.Count().ToString(CultureInfo.InvariantCulture),
                ["fixes"] = first.FixCount.ToString(CultureInfo.InvariantCulture),
            };
            if (first.Kilometres is { } km) evidence["km"] = Km(km);
            if (first.DeclaredKilometres is { } declared) evidence["declaredKm"] = Km(declared);
            if (first.ToleranceKilometres is { } tolerance) evidence["toleranceKm"] = Km(tolerance);
            if (first.Geofence is { } geofence) (evidence["geofence"], evidence["geofenceKind"]) = (geofence.Name, geofence.Kind.ToString());
            if (track.Day is { } day) evidence["day"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return new ComplianceFlag(kind.Key, first.From, track.TripId, orderNumber, track.VehicleId, plate, unitCode, evidence);
        });

    private static string Time(Instant at, DateTimeZone zone) => Local.Format(at.InZone(zone).LocalDateTime);

    private static string Km(decimal km) => km.ToString("0.0", CultureInfo.InvariantCulture);
}
