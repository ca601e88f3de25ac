using Fleet.Domain.Common;
using Fleet.Domain.Positions.Reconciliation;
using NodaTime;

namespace Fleet.Domain.Tests.Positions;

/// <summary>
/// The "given" of the reconciliation tests: a pool's yard in the fictional demo city (placed where Wuhan's Jiang'an
/// district would be), its city limits, a few geofences, and a route builder that drives a car as a terminal reports
/// it, one point every 10 s.
/// </summary>
internal static class TestTrack
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static readonly ReconciliationPolicy Policy = ReconciliationPolicy.Default;

    public static readonly Guid TripId = Guid.Parse("01900000-0000-7000-8000-0000000001c1");
    public static readonly Guid VehicleId = Guid.Parse("01900000-0000-7000-8000-0000000001a1");

    /// <summary>The yard the car sleeps in.</summary>
    public static readonly GeoPoint Yard = new(30.58, 114.27);

    /// <summary>The city: a square 60 km a side around the yard.</summary>
    public static readonly Area City = Area.Polygon(At(-30, -30), At(-30, 30), At(30, 30), At(30, -30));

    /// <summary>A karaoke hall 6 km east of the yard, drawn as a small square.</summary>
    public static readonly Geofence Karaoke = new("金色年华KTV", GeofenceKind.EntertainmentVenue,
        Area.Polygon(At(-0.1, 5.9), At(-0.1, 6.1), At(0.1, 6.1), At(0.1, 5.9)));

    /// <summary>A driver's home 4 km north of the yard, as a circle of 100 m.</summary>
    public static readonly Geofence Home = new("王师傅住址", GeofenceKind.PrivateAddress, Area.Circle(At(4, 0), 100));

    public static readonly ReconciliationPlaces Places = new(CarBase.At(Yard), City, [Karaoke, Home]);

    /// <summary>The point <paramref name="northKm"/> north and <paramref name="eastKm"/> east of the yard.</summary>
    public static GeoPoint At(double northKm, double eastKm) => new(
        Yard.Latitude + northKm / KmPerDegree,
        Yard.Longitude + eastKm / (KmPerDegree * Math.Cos(Yard.Latitude * Math.PI / 180)));

    /// <summary>One degree of latitude on the sphere the reconciliation measures on.</summary>
    private const double KmPerDegree = 6371.0088 * Math.PI / 180;

    /// <summary>A moment on the wall clock of the demo city.</summary>
    public static Instant Local(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new LocalDateTime(year, month, day, hour, minute, second).InZoneStrictly(Shanghai).ToInstant();

    /// <summary>Tuesday 3 November 2026, a working day.</summary>
    public static readonly LocalDate Tuesday = new(2026, 11, 3);

    public static Instant OnTuesday(int hour, int minute = 0, int second = 0) => Local(2026, 11, 3, hour, minute, second);

    /// <summary>A trip approved for 09:00–11:00 on Tuesday, inside the city, started and finished on time.</summary>
    public static TripFacts Trip(decimal? declaredKm = null, bool outOfRegion = false, bool terminalBound = true) => new(
        TripId, VehicleId, OnTuesday(9), OnTuesday(11),
        declaredKm is null ? null : Distance.FromKilometres(10_000m),
        declaredKm is { } km ? Distance.FromKilometres(10_000m + km) : null,
        outOfRegion, OnTuesday(9), OnTuesday(11), terminalBound);

    public static Route From(Instant start, GeoPoint? place = null) => new(start, place ?? Yard);
}

/// <summary>A car's reports as its terminal sends them: one every <see cref="Every"/> while it drives or waits with the engine on.</summary>
internal sealed class Route(Instant start, GeoPoint place)
{
    public static readonly Duration Every = Duration.FromSeconds(10);

    private readonly List<TrackPoint> points = [new(start, place.Latitude, place.Longitude, 0, false, true)];

    public Instant Now { get; private set; } = start;

    public GeoPoint Here { get; private set; } = place;

    public IReadOnlyList<TrackPoint> Points => points;

    /// <summary>Drives in a straight line to <paramref name="to"/> at <paramref name="kmh"/>, reporting every 10 s and on arrival.</summary>
    public Route DriveTo(GeoPoint to, double kmh = 36)
    {
        var from = Here;
        // Whole seconds, so that the tests' boundaries fall exactly where they are written.
        var total = Duration.FromSeconds(Math.Round(from.KilometresTo(to) / kmh * 3600));
        for (var t = Every; t < total; t += Every)
        {
            var share = t / total;
            Report(Now + t, new GeoPoint(from.Latitude + (to.Latitude - from.Latitude) * share, from.Longitude + (to.Longitude - from.Longitude) * share), kmh, true);
        }

        Now += total;
        Report(Now, to, kmh, true);
        Here = to;
        return this;
    }

    /// <summary>Stands still for <paramref name="length"/>, reporting every <paramref name="every"/> (10 s by default).</summary>
    public Route Wait(Duration length, bool ignition = false, Duration? every = null)
    {
        var step = every ?? Every;
        var end = Now + length;
        for (var t = Now + step; t <= end; t += step) Report(t, Here, 0, ignition);
        Now = end;
        return this;
    }

    /// <summary>Reports nothing for <paramref name="length"/> (unplugged, shielded, asleep), perhaps moving meanwhile.</summary>
    public Route Silent(Duration length, GeoPoint? endUpAt = null)
    {
        Now += length;
        Here = endUpAt ?? Here;
        return this;
    }

    /// <summary>One report now, here or elsewhere; with or without a fix.</summary>
    public Route Report(bool positioned = true, bool ignition = true, GeoPoint? at = null)
    {
        Report(Now, at ?? Here, 0, ignition, positioned);
        return this;
    }

    /// <summary>Stands still until <paramref name="moment"/>.</summary>
    public Route WaitUntil(Instant moment, bool ignition = false, Duration? every = null) => Wait(moment - Now, ignition, every);

    public Route At(Instant moment)
    {
        Now = moment;
        return this;
    }

    private void Report(Instant at, GeoPoint where, double kmh, bool ignition, bool positioned = true) =>
        points.Add(new TrackPoint(at, where.Latitude, where.Longitude, kmh, ignition, positioned));
}
