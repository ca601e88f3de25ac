using NodaTime;

namespace Fleet.Domain.Positions.Reconciliation;

/// <summary>
/// One report of a car's terminal as the reconciliation reads it. <see cref="Positioned"/> false means the
/// terminal had no satellite fix (a car park, a tunnel): its coordinates mean nothing, but the report still
/// shows the terminal was alive.
/// </summary>
public sealed record TrackPoint(Instant At, double Latitude, double Longitude, double? SpeedKmh, bool Ignition, bool Positioned)
{
    public GeoPoint Place => new(Latitude, Longitude);
}

/// <summary>Turns what terminals send into a track the rules can read.</summary>
public static class Track
{
    /// <summary>
    /// The points in time order, one per moment, without fixes that cannot be true.
    /// <list type="bullet">
    /// <item>Batches uploaded after a dead zone (0x0704) arrive late and out of order: sorted by time.</item>
    /// <item>A report sent twice (a retry, a batch overlapping live reports) is counted once: of several points at
    /// one moment the first with a fix is kept, so distance is never counted from a point to its own copy.</item>
    /// <item>Coordinates off the globe are read as "no fix".</item>
    /// <item>A fix that a car could only have reached faster than the policy's plausible speed, from both the fix
    /// before and the fix after it, is a multipath or cold-start jump: counting it would add twice the jump to the
    /// distance and could put the car in a geofence it never entered. Requiring both neighbours keeps a real
    /// relocation (a car that drove on with the terminal silent) whose next fixes agree with it. At either end
    /// of the track a fix with one neighbour is dropped when it is implausible from that neighbour while the
    /// neighbour and the one after it agree.</item>
    /// </list>
    /// Points without a fix stay, in order, for the signal-gap rule.
    /// </summary>
    public static IReadOnlyList<TrackPoint> Clean(IEnumerable<TrackPoint> points, ReconciliationPolicy policy)
    {
        var byMoment = points
            .Select(p => p.Positioned && !p.Place.IsOnTheGlobe() ? p with { Positioned = false } : p)
            .OrderBy(p => p.At)
            .GroupBy(p => p.At)
            .Select(g => g.FirstOrDefault(p => p.Positioned) ?? g.First())
            .ToList();

        var fixes = byMoment.Where(p => p.Positioned).ToList();
        var noise = new HashSet<TrackPoint>(ReferenceEqualityComparer.Instance);
        var maxSpeed = (double)policy.MaxPlausibleSpeedKmh;
        bool Implausible(TrackPoint a, TrackPoint b) => SpeedKmh(a, b) > maxSpeed;

        TrackPoint? previous = null;
        for (var i = 0; i < fixes.Count; i++)
        {
            var fix = fixes[i];
            var next = i + 1 < fixes.Count ? fixes[i + 1] : null;
            var dropped = (previous, next) switch
            {
                ({ } before, { } after) => Implausible(before, fix) && Implausible(fix, after),
                (null, { } after) => Implausible(fix, after) && (i + 2 >= fixes.Count || !Implausible(after, fixes[i + 2])),
                ({ } before, null) => Implausible(before, fix) && (BeforeLastKept(noise, fixes, i) is not { } earlier || !Implausible(earlier, before)),
                _ => false,
            };
            if (dropped) noise.Add(fix);
            else previous = fix;
        }

        return byMoment.Where(p => !noise.Contains(p)).ToList();
    }

    /// <summary>The kept fix before the kept fix that precedes fix <paramref name="i"/>.</summary>
    private static TrackPoint? BeforeLastKept(HashSet<TrackPoint> noise, List<TrackPoint> fixes, int i)
    {
        var kept = fixes.Take(i).Where(p => !noise.Contains(p)).TakeLast(2).ToList();
        return kept.Count == 2 ? kept[0] : null;
    }

    /// <summary>The speed the car needed to get from one fix to the next, from distance and time alone.</summary>
    internal static double SpeedKmh(TrackPoint from, TrackPoint to)
    {
        var hours = (to.At - from.At).TotalHours;
        return hours <= 0 ? double.PositiveInfinity : from.Place.KilometresTo(to.Place) / hours;
    }
}
