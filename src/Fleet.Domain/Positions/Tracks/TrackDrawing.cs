using NodaTime;

namespace Fleet.Domain.Positions.Tracks;

/// <summary>One fix of a track as a map draws and plays it back: degrees, km/h, degrees from north.</summary>
public sealed record TrackFix(Instant At, double Latitude, double Longitude, decimal SpeedKmh, int Direction)
{
    public static TrackFix Of(Position p) => new(p.At, p.LatitudeDegrees, p.LongitudeDegrees, p.Speed / 10m, p.Direction);
}

/// <summary>
/// A long track thinned for drawing: a day of fixes every ten seconds is 8,640 points, more than a phone draws smoothly
/// and far more than a line at city scale can show. Douglas–Peucker keeps every fix that bends the line by more than
/// the tolerance, so turns, stops and the ends stay where they were; only fixes on a straight stretch go.
/// </summary>
public static class TrackDrawing
{
    /// <summary>Tracks up to this many fixes are drawn as they are.</summary>
    public const int MostPoints = 2000;

    /// <summary>How far (metres) the drawn line may stray from a dropped fix: under a road's width.</summary>
    public const double ToleranceMetres = 5;

    public static IReadOnlyList<TrackFix> Simplify(IReadOnlyList<TrackFix> track, int most = MostPoints, double toleranceMetres = ToleranceMetres)
    {
        if (track.Count <= most) return track;

        var kept = new bool[track.Count];
        kept[0] = kept[^1] = true;
        var spans = new Stack<(int From, int To)>();
        spans.Push((0, track.Count - 1));
        while (spans.Count > 0)
        {
            var (from, to) = spans.Pop();
            var farthest = -1;
            var distance = toleranceMetres;
            for (var i = from + 1; i < to; i++)
            {
                var d = MetresFromLine(track[i], track[from], track[to]);
                if (d <= distance) continue;
                distance = d;
                farthest = i;
            }

            if (farthest < 0) continue;
            kept[farthest] = true;
            spans.Push((from, farthest));
            spans.Push((farthest, to));
        }

        return track.Where((_, i) => kept[i]).ToList();
    }

    /// <summary>Distance of <paramref name="p"/> from the segment a–b, on a plane tangent at a: exact enough within a city.</summary>
    private static double MetresFromLine(TrackFix p, TrackFix a, TrackFix b)
    {
        const double metresPerDegree = 111_320;
        var cos = Math.Cos(a.Latitude * Math.PI / 180);
        double X(TrackFix f) => (f.Longitude - a.Longitude) * metresPerDegree * cos;
        double Y(TrackFix f) => (f.Latitude - a.Latitude) * metresPerDegree;
        var (px, py, bx, by) = (X(p), Y(p), X(b), Y(b));
        var length = bx * bx + by * by;
        var t = length == 0 ? 0 : Math.Clamp((px * bx + py * by) / length, 0, 1);
        var (dx, dy) = (px - t * bx, py - t * by);
        return Math.Sqrt(dx * dx + dy * dy);
    }
}
