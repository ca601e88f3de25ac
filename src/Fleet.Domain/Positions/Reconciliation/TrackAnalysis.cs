using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;
using NodaTime;

namespace Fleet.Domain.Positions.Reconciliation;

/// <summary>
/// A stretch of consecutive fixes (indexes into <see cref="TrackAnalysis.Fixes"/>), its time and the distance
/// driven along it.
/// </summary>
internal readonly record struct Run(int FirstFix, int LastFix, Instant From, Instant To, double Kilometres);

/// <summary>
/// The readings the rules share over one cleaned track: distances, drives, stays inside an area, silences, and the
/// evidence a finding carries.
/// </summary>
internal sealed class TrackAnalysis(IReadOnlyList<TrackPoint> points, ReconciliationPolicy policy)
{
    /// <summary>About 11 m of latitude: the evidence keeps the shape of the route at street scale and no more.</summary>
    private const double SimplifyToleranceDegrees = 0.0001;

    private static readonly GeometryFactory Factory = new();

    public IReadOnlyList<TrackPoint> Points { get; } = points;

    public IReadOnlyList<TrackPoint> Fixes { get; } = points.Where(p => p.Positioned).ToList();

    /// <summary>The distance between consecutive fixes that both lie in [from, to].</summary>
    public double Kilometres(Instant from, Instant to)
    {
        var total = 0.0;
        for (var i = 1; i < Fixes.Count; i++)
            if (Fixes[i - 1].At >= from && Fixes[i].At <= to) total += Step(i);
        return total;
    }

    /// <summary>
    /// The drives made where <paramref name="counts"/> holds (judged at the middle of each step between fixes): steps
    /// faster than the moving speed, joined across stops shorter than the drive break, and kept when they add up to
    /// more than the minimum drive.
    /// </summary>
    public IEnumerable<Run> Drives(Func<Instant, bool> counts)
    {
        var moving = (double)policy.MovingSpeedKmh;
        var drives = new List<Run>();
        Run? drive = null;
        for (var i = 1; i < Fixes.Count; i++)
        {
            var (a, b) = (Fixes[i - 1], Fixes[i]);
            if (!counts(a.At + (b.At - a.At) / 2) || Track.SpeedKmh(a, b) <= moving) continue;

            if (drive is { } d && a.At - d.To < policy.DriveBreak)
                drive = d with { LastFix = i, To = b.At, Kilometres = d.Kilometres + Step(i) };
            else
            {
                if (drive is { } done) drives.Add(done);
                drive = new Run(i - 1, i, a.At, b.At, Step(i));
            }
        }

        if (drive is { } last) drives.Add(last);
        return drives.Where(r => r.Kilometres * 1000 > policy.MinimumDriveMetres);
    }

    /// <summary>The stretches of consecutive fixes for which <paramref name="holds"/> is true, with the distance driven along each.</summary>
    public IEnumerable<Run> Stretches(Func<TrackPoint, bool> holds)
    {
        var first = -1;
        for (var i = 0; i <= Fixes.Count; i++)
        {
            var inside = i < Fixes.Count && holds(Fixes[i]);
            if (inside && first < 0) first = i;
            if (inside || first < 0) continue;

            var km = 0.0;
            for (var j = first + 1; j < i; j++) km += Step(j);
            yield return new Run(first, i - 1, Fixes[first].At, Fixes[i - 1].At, km);
            first = -1;
        }
    }

    /// <summary>
    /// The silences longer than the policy's signal gap between <paramref name="from"/> and <paramref name="to"/>,
    /// counting any report, with or without a fix; the ends of the period count as reports, so a terminal silent from
    /// the departure on is caught too.
    /// </summary>
    public IEnumerable<(Instant From, Instant To)> Silences(Instant from, Instant to)
    {
        var moments = Points.Select(p => p.At).Where(t => t > from && t < to).Prepend(from).Append(to).ToList();
        for (var i = 1; i < moments.Count; i++)
            if (moments[i] - moments[i - 1] > policy.SignalGap) yield return (moments[i - 1], moments[i]);
    }

    /// <summary>A finding whose evidence is a stretch of fixes.</summary>
    public TrackFinding Finding(FindingKind kind, Run run, Instant? from = null, Instant? to = null, GeofenceRef? geofence = null) =>
        new(kind, from ?? run.From, to ?? run.To, Simplified(run.FirstFix, run.LastFix), run.LastFix - run.FirstFix + 1,
            TrackFinding.Km(run.Kilometres), policy.Version, Geofence: geofence);

    /// <summary>
    /// A silence: the fixes on either side of it, if any, and the straight line between them, which shows whether
    /// the car moved while the terminal said nothing.
    /// </summary>
    public TrackFinding Silence((Instant From, Instant To) gap)
    {
        var before = Fixes.LastOrDefault(p => p.At <= gap.From);
        var after = Fixes.FirstOrDefault(p => p.At >= gap.To);
        var around = new[] { before, after }.OfType<TrackPoint>().Select(p => p.Place).ToList();
        decimal? km = before is not null && after is not null ? TrackFinding.Km(before.Place.KilometresTo(after.Place)) : null;
        return new TrackFinding(FindingKind.SignalGap, gap.From, gap.To, around, around.Count, km, policy.Version);
    }

    /// <summary>The fixes of a stretch without the points that add nothing to its shape.</summary>
    public IReadOnlyList<GeoPoint> Simplified(int firstFix, int lastFix)
    {
        var places = Enumerable.Range(firstFix, lastFix - firstFix + 1).Select(i => Fixes[i].Place).ToList();
        if (places.Count < 3) return places;

        var line = Factory.CreateLineString(places.Select(p => p.ToCoordinate()).ToArray());
        return DouglasPeuckerSimplifier.Simplify(line, SimplifyToleranceDegrees).Coordinates
            .Select(c => new GeoPoint(c.Y, c.X)).ToList();
    }

    private double Step(int i) => Fixes[i - 1].Place.KilometresTo(Fixes[i].Place);
}
