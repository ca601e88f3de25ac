using NodaTime;

namespace Fleet.Domain.Positions.Reconciliation;

/// <summary>A place the car stood still between two drives, and for how long.</summary>
public sealed record TrackStop(Instant From, Instant To, GeoPoint Place)
{
    public Duration Length => To - From;
}

/// <summary>
/// A car's track in a period summed up for the supervisor who reads it: the distance driven and the stops between its
/// drives, read the way the reconciliation reads a track (the same cleaning, the same drives under the pool's thresholds),
/// so that the page never tells a distance the findings would not.
/// </summary>
public sealed record TrackRecap(double Kilometres, IReadOnlyList<TrackStop> Stops)
{
    public static TrackRecap Of(IEnumerable<TrackPoint> points, ReconciliationPolicy policy)
    {
        var analysis = new TrackAnalysis(Track.Clean(points, policy), policy);
        if (analysis.Fixes.Count < 2) return new TrackRecap(0, []);

        var drives = analysis.Drives(_ => true).ToList();
        // A drive ends at a stop at least as long as the drive break, so the gap between two drives is such a stop.
        var stops = drives.Zip(drives.Skip(1), (before, after) => new TrackStop(before.To, after.From, analysis.Fixes[before.LastFix].Place)).ToList();
        return new TrackRecap(analysis.Kilometres(analysis.Fixes[0].At, analysis.Fixes[^1].At), stops);
    }
}
