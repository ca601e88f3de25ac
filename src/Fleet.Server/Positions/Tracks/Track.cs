using Fleet.Domain.Positions;
using Fleet.Domain.Positions.Tracks;
using NodaTime.Text;

namespace Fleet.Server.Positions.Tracks;

/// <summary>
/// A car's track as a map plays it back: the period shown, how many fixes the terminal sent in it
/// (<paramref name="Recorded"/>) and the fixes drawn (fewer for a long track, <see cref="TrackDrawing"/>), each with its
/// time in the pool's zone so that the page shows the clock people read. <paramref name="Running"/>: a trip still on its
/// way, whose track ends now.
/// </summary>
public sealed record Track(Guid VehicleId, string Plate, Guid? TripId, Instant From, Instant To, bool Running, int Recorded, IReadOnlyList<TrackPoint> Points)
{
    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss");

    public static Track Of(Guid vehicle, string plate, Guid? trip, Interval period, bool running, IReadOnlyList<Position> positions, DateTimeZone zone) =>
        new(vehicle, plate, trip, period.Start, period.End, running, positions.Count,
            TrackDrawing.Simplify(positions.Select(TrackFix.Of).ToList()).Select(f => TrackPoint.Of(f, zone)).ToList());

    public static string Local(Instant at, DateTimeZone zone) => LocalPattern.Format(at.InZone(zone).LocalDateTime);
}

/// <summary>One fix: where (degrees), how fast (km/h), heading (degrees from north), when, and when on the local clock.</summary>
public sealed record TrackPoint(Instant At, string Local, double Lat, double Lon, decimal SpeedKmh, int Direction)
{
    public static TrackPoint Of(TrackFix f, DateTimeZone zone) => new(f.At, Track.Local(f.At, zone), f.Latitude, f.Longitude, f.SpeedKmh, f.Direction);
}
