using NodaTime;

namespace Fleet.Domain.Positions.Reconciliation;

/// <summary>What a track shows that the declarations do not; stored in events by name, so never renamed.</summary>
public enum FindingKind
{
    /// <summary>The odometer distance the driver declared differs from the track by more than the tolerance.</summary>
    DistanceMismatch,

    /// <summary>The car was away from base before the approved start or after the approved end, beyond the slack.</summary>
    AwayOutsideWindow,

    /// <summary>The car drove with no trip covering the drive.</summary>
    MovementWithoutTrip,

    /// <summary>The car drove at night with no trip covering the drive.</summary>
    MovementAtNight,

    /// <summary>The car drove on a rest day with no trip covering the drive.</summary>
    MovementOnRestDay,

    /// <summary>A trip not declared as leaving the region left the approved area.</summary>
    LeftApprovedArea,

    /// <summary>The car stayed in a supervisor's geofence for at least the minimum dwell.</summary>
    GeofenceDwell,

    /// <summary>At the overnight check the car, not on a trip, was not at its base.</summary>
    NotBackOvernight,

    /// <summary>The terminal was silent during a trip, or with the ignition on.</summary>
    SignalGap,

    /// <summary>The car drove on a day its pool had sealed the cars for a holiday, with no trip covering the drive.</summary>
    MovementWhileSealed,
}

/// <summary>
/// One finding and the evidence a supervisor needs to judge it without opening the raw positions: when
/// (<see cref="From"/>–<see cref="To"/>), where (<see cref="Segment"/>, the fixes of that time simplified to the
/// shape of the route, and <see cref="FixCount"/>, how many fixes it stands for), how far, which geofence, and
/// the <see cref="PolicyVersion"/> of the thresholds that raised it. Kilometres have one decimal.
/// </summary>
/// <param name="Kilometres">The track's distance over the finding's time (for a gap: the straight line between the fixes on either side; for the overnight check: how far from base).</param>
/// <param name="DeclaredKilometres">The odometer distance declared, for a distance mismatch.</param>
/// <param name="ToleranceKilometres">The difference allowed, for a distance mismatch.</param>
/// <param name="Geofence">The geofence's name and kind, for a dwell.</param>
public sealed record TrackFinding(
    FindingKind Kind,
    Instant From,
    Instant To,
    IReadOnlyList<GeoPoint> Segment,
    int FixCount,
    decimal? Kilometres,
    int PolicyVersion,
    decimal? DeclaredKilometres = null,
    decimal? ToleranceKilometres = null,
    GeofenceRef? Geofence = null)
{
    // A method, not a property, so that it is not stored with the event.
    public Duration Length() => To - From;

    /// <summary>Distances are shown and stored to a tenth of a kilometre: finer would claim a precision GPS does not have.</summary>
    internal static decimal Km(double kilometres) => decimal.Round((decimal)kilometres, 1, MidpointRounding.AwayFromZero);
}

/// <summary>The geofence a finding is about, as it was named when the finding was made.</summary>
public sealed record GeofenceRef(string Name, GeofenceKind Kind);
