using Fleet.Domain.Positions;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Domain.Positions.Tracks;
using Fleet.Domain.Trips;
using NodaTime.Text;

namespace Fleet.Server.Positions.Tracks;

/// <summary>
/// A car's track as a map plays it back: the period shown, how many fixes the terminal sent in it
/// (<paramref name="Recorded"/>) and the fixes drawn (fewer for a long track, <see cref="TrackDrawing"/>), each with its
/// time in the pool's zone so that the page shows the clock people read. <paramref name="Running"/>: a trip still on its
/// way, whose track ends now. <paramref name="Summary"/>: for a car's track in a period, what it adds up to.
/// </summary>
public sealed record Track(Guid VehicleId, string Plate, Guid? TripId, Instant From, Instant To, bool Running, int Recorded, IReadOnlyList<TrackPoint> Points,
    TrackSummary? Summary = null)
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

/// <summary>
/// A car's track in a period summed up: the kilometres driven (one decimal) and the stops between drives, as the
/// reconciliation reads them under the pool's thresholds, and the trips the car was given in the period.
/// </summary>
public sealed record TrackSummary(decimal Kilometres, IReadOnlyList<TrackStopShown> Stops, IReadOnlyList<TrackTrip> Trips)
{
    public static TrackSummary Of(TrackRecap recap, IReadOnlyList<Trip> trips, DateTimeZone zone) => new(
        Math.Round((decimal)recap.Kilometres, 1),
        recap.Stops.Select(s => new TrackStopShown(s.From, s.To, Track.Local(s.From, zone), Track.Local(s.To, zone), (int)s.Length.TotalMinutes,
            s.Place.Latitude, s.Place.Longitude)).ToList(),
        trips.Select(t => new TrackTrip(t.Id, t.Status, t.Details.Start, t.Details.End, Track.Local(t.Details.Start, zone), Track.Local(t.Details.End, zone),
            t.Details.Destinations)).ToList());
}

/// <summary>Where the car stood still between two drives, from when to when (also on the local clock) and for how many minutes.</summary>
public sealed record TrackStopShown(Instant From, Instant To, string LocalFrom, string LocalTo, int Minutes, double Lat, double Lon);

/// <summary>A trip of the car whose approved window meets the period: its status, window and destinations.</summary>
public sealed record TrackTrip(Guid TripId, TripStatus Status, Instant Start, Instant End, string LocalStart, string LocalEnd, IReadOnlyList<string> Destinations);
