using Fleet.Samples.DemoCity.Geography;
using NodaTime;

namespace Fleet.Samples.DemoCity.Tracks;

/// <summary>
/// One fix a terminal takes: where, how fast (tenths of a km/h, as JT/T 808 sends it), which way, and how far the car has
/// driven since the track began, in metres. <paramref name="Moving"/> is the ignition (ACC) the terminal reports.
/// </summary>
public sealed record TrackFix(Instant At, GeoPoint Point, int Speed, int Direction, double Metres, bool Moving);

/// <summary>
/// Writes a car's track as a terminal samples it: a fix every <paramref name="movingEvery"/> while driving, every
/// <paramref name="parkedEvery"/> while parked with the ignition off, as terminals save data and airtime when standing.
/// </summary>
public sealed class TrackBuilder(Instant start, GeoPoint at, Duration movingEvery, Duration parkedEvery)
{
    private readonly List<TrackFix> _fixes = [];

    public Instant Now { get; private set; } = WholeSecond(start);

    public GeoPoint At { get; private set; } = at;

    public double Metres { get; private set; }

    public IReadOnlyList<TrackFix> Fixes => _fixes;

    /// <summary>
    /// Drives the route at an average of <paramref name="kmh"/>; the speeds reported wander around it as traffic does,
    /// while the fixes keep to the average so that the track takes the time it should.
    /// </summary>
    public void Drive(Route route, double kmh)
    {
        if (route.Metres <= 0) return;
        var metresPerSecond = kmh / 3.6;
        var seconds = Math.Max(1, Math.Ceiling(route.Metres / metresPerSecond));
        metresPerSecond = route.Metres / seconds;
        var step = movingEvery.TotalSeconds;
        var startMetres = Metres;
        // The fix on arrival before was taken at this very second: the drive goes on from it.
        for (var t = _fixes.Count > 0 && _fixes[^1].At == Now ? step : 0d; t < seconds; t += step)
        {
            var (point, direction) = route.At(t * metresPerSecond);
            var wander = 0.8 + 0.4 * (0.5 + 0.5 * Math.Sin(_fixes.Count * 1.7));
            _fixes.Add(new TrackFix(Now + Duration.FromSeconds(t), point, (int)Math.Round(kmh * wander * 10), direction, startMetres + t * metresPerSecond, true));
        }

        Now += Duration.FromSeconds(seconds);
        Metres = startMetres + route.Metres;
        At = route.End;
        _fixes.Add(new TrackFix(Now, At, 0, route.At(route.Metres).Direction, Metres, false));
    }

    /// <summary>Stands where it is, ignition off, until <paramref name="until"/>.</summary>
    public void ParkUntil(Instant until)
    {
        until = WholeSecond(until);
        for (var t = Now + parkedEvery; t < until; t += parkedEvery) _fixes.Add(new TrackFix(t, At, 0, 0, Metres, false));
        if (until > Now) Now = until;
    }

    /// <summary>JT/T 808 dates a fix to the second: a track never has two fixes in one.</summary>
    private static Instant WholeSecond(Instant at) => Instant.FromUnixTimeSeconds((long)Math.Ceiling(at.ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond));
}
