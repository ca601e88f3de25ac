using Fleet.Domain.Common;
using Fleet.Domain.Positions;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Samples.DemoCity.Geography;
using NodaTime;

namespace Fleet.Samples.DemoCity.Tracks;

/// <summary>A position of a demo car as its terminal would have reported it; mileage in tenths of a km (JT/T 808 item 0x01).</summary>
public sealed record DemoFix(Guid VehicleId, string Pool, string Terminal, TrackFix Fix, long Mileage, uint Alarm);

/// <summary>The ways of misusing an official car that the demo tracks play out (issue 23).</summary>
public enum DemoMisuseKind
{
    /// <summary>A record padded by 40 km: the car drove 40 km less than the odometer readings declare.</summary>
    PaddedLogbook,

    /// <summary>After the trip the car went to someone's home and stood there overnight instead of at the depot.</summary>
    NotBackOvernight,

    /// <summary>On a trip the car spent an hour at a scenic spot or an entertainment venue.</summary>
    FlaggedPlaceDetour,

    /// <summary>The terminal fell silent halfway out and reported the main power cut: unplugged.</summary>
    TerminalUnplugged,

    /// <summary>A drive on a rest day with no trip on record.</summary>
    WeekendDrive,
}

/// <summary>Which car plays a misuse, on which trip (none for a drive without one), when, and the place involved.</summary>
public sealed record DemoMisuse(DemoMisuseKind Kind, string Plate, Guid VehicleId, Guid? TripId, Instant At, string Place);

/// <summary>
/// The tracks of the demo cars' trips in the last month of the history: what their terminals would have reported had
/// they been driven along the roads of W市 as recorded — from the depot to each destination and back, at city speeds,
/// standing at each stop for the rest of the time — and a few cars that did what the reform is meant to catch.
/// </summary>
/// <remarks>
/// A track drives about as far as the trip's odometer readings declare (an errand at another office makes up a shorter
/// way), so that honest trips reconcile; the terminal's own mileage counts what the track drove, not what was declared.
/// </remarks>
public sealed class DemoTracks(WCityMap map, DateTimeZone zone, Instant from, Instant to)
{
    public const string MisusePool = DemoCityGenerator.MisusePool;

    public static readonly Duration MovingEvery = Duration.FromSeconds(30);
    public static readonly Duration ParkedEvery = Duration.FromMinutes(10);

    /// <summary>JT/T 808 status: bit 0 ignition (ACC) on, bit 1 positioned.</summary>
    public const uint Positioned = 0b10;

    public const uint IgnitionOn = 0b01;

    /// <summary>JT/T 808 alarm bit 8: the terminal's main power is cut.</summary>
    public const uint MainPowerCut = 1u << 8;

    private const double CityKmh = 32;
    private const double ExpresswayKmh = 85;

    private readonly Dictionary<Guid, (string Plate, string Pool)> _vehicles = [];
    private readonly Dictionary<Guid, string> _terminals = [];
    private readonly Dictionary<Guid, (IReadOnlyList<string> Destinations, bool OutOfRegion)> _requested = [];
    private readonly Dictionary<Guid, TripStarted> _started = [];
    private readonly List<DemoTrip> _trips = [];

    private sealed record DemoTrip(Guid TripId, Guid VehicleId, string Pool, IReadOnlyList<string> Destinations, Instant Start, Instant Back,
        Distance OdometerOut, Distance OdometerIn)
    {
        public double DeclaredMetres => OdometerIn.Metres - OdometerOut.Metres;
    }

    /// <summary>Takes in the history as it is generated: cars, terminals, and each trip driven to its end.</summary>
    public void Observe(DemoEvent e)
    {
        switch (e.Data)
        {
            case VehicleRegistered r:
                _vehicles[r.VehicleId] = (r.Plate, e.Pool);
                break;
            case TerminalBound b:
                _terminals[b.VehicleId] = b.Terminal;
                break;
            case TripRequested r:
                _requested[r.TripId] = (r.Details.Destinations, r.Details.OutOfRegion);
                break;
            case TripStarted s:
                _started[s.TripId] = s;
                break;
            case TripFinished f when _started.Remove(f.TripId, out var s) && _requested.TryGetValue(f.TripId, out var r) && s.At >= from && f.ReturnedAt <= to:
                _trips.Add(new DemoTrip(f.TripId, f.VehicleId, e.Pool, r.Destinations, s.At, f.ReturnedAt, s.OdometerOut, f.OdometerIn));
                break;
        }
    }

    /// <summary>The trips with a track once <see cref="Plan"/> has run.</summary>
    public int Trips => _trips.Count(t => _terminals.ContainsKey(t.VehicleId));

    /// <summary>The pool and id of each trip with a track: the trips whose checks read it.</summary>
    public IEnumerable<(string Pool, Guid TripId)> Tracked => _trips.Where(t => _terminals.ContainsKey(t.VehicleId)).Select(t => (t.Pool, t.TripId));

    public IReadOnlyList<DemoMisuse> Misuses { get; private set; } = [];

    /// <summary>Every car's fixes, car after car, each car's in the order of time; <paramref name="padded"/> trips declared 40 km they did not drive.</summary>
    public IEnumerable<DemoFix> Plan(IReadOnlyCollection<Guid> padded)
    {
        var cast = CastMisuse(padded);
        Misuses = cast.Values.OrderBy(m => m.Kind).ToList();
        foreach (var car in _trips.Where(t => _terminals.ContainsKey(t.VehicleId)).GroupBy(t => t.VehicleId))
        {
            var terminal = _terminals[car.Key];
            var (_, pool) = _vehicles[car.Key];
            // The terminal's mileage follows the odometer, apart from what was driven off the books (or padded onto them).
            var offBooks = 0d;
            var trips = car.OrderBy(t => t.Start).ToList();
            var weekend = cast.Values.FirstOrDefault(m => m.VehicleId == car.Key && m.Kind == DemoMisuseKind.WeekendDrive);
            foreach (var trip in trips)
            {
                if (weekend is not null && weekend.At < trip.Start)
                {
                    var (drive, driven) = WeekendDrive(weekend, car.Key, pool, terminal, trip.OdometerOut.Metres + offBooks);
                    foreach (var fix in drive) yield return fix;
                    offBooks += driven;
                    weekend = null;
                }

                var misuse = cast.Values.FirstOrDefault(m => m.TripId == trip.TripId);
                var track = Drive(trip, misuse);
                var alarm = 0u;
                var fixes = track.Fixes;
                if (misuse?.Kind == DemoMisuseKind.TerminalUnplugged)
                {
                    // Pulled out on the way: the last fix it managed to send carries the power-cut alarm.
                    fixes = fixes.Take(Math.Max(2, fixes.TakeWhile(f => f.Moving).Count() / 2)).ToList();
                    alarm = MainPowerCut;
                }

                for (var i = 0; i < fixes.Count; i++)
                {
                    var fix = fixes[i];
                    var mileage = (long)Math.Round((trip.OdometerOut.Metres + offBooks + fix.Metres) / 100);
                    yield return new DemoFix(car.Key, pool, terminal, fix, mileage, i == fixes.Count - 1 ? alarm : 0);
                }

                offBooks += track.Metres - trip.DeclaredMetres;
            }
        }
    }

    /// <summary>
    /// Picks, among the misuse pool's cars in the order they were registered, a different car for each kind of misuse,
    /// each with a trip that can play it; a kind no car can play is left out.
    /// </summary>
    private Dictionary<DemoMisuseKind, DemoMisuse> CastMisuse(IReadOnlyCollection<Guid> padded)
    {
        var cast = new Dictionary<DemoMisuseKind, DemoMisuse>();
        var cars = _vehicles.Where(v => v.Value.Pool == MisusePool && _terminals.ContainsKey(v.Key)).Select(v => v.Key).ToList();
        var byCar = _trips.GroupBy(t => t.VehicleId).ToDictionary(g => g.Key, g => g.OrderBy(t => t.Start).ToList());
        var flagged = map.Flagged.ToList();

        void Cast(DemoMisuseKind kind, Func<Guid, List<DemoTrip>, DemoMisuse?> play)
        {
            foreach (var car in cars.Where(c => cast.Values.All(m => m.VehicleId != c)))
            {
                if (play(car, byCar.GetValueOrDefault(car) ?? []) is not { } misuse) continue;
                cast[kind] = misuse;
                return;
            }
        }

        Cast(DemoMisuseKind.PaddedLogbook, (car, trips) => trips.Where(t => padded.Contains(t.TripId))
            .Select(t => Misuse(DemoMisuseKind.PaddedLogbook, car, t, t.Start, t.Destinations[0])).FirstOrDefault());
        Cast(DemoMisuseKind.NotBackOvernight, (car, trips) => trips.Where((t, i) => Local(t.Back).Hour is >= 15 and < 20 && Local(t.Back).DayOfWeek < IsoDayOfWeek.Friday
                && (i + 1 == trips.Count || trips[i + 1].Start > NextMorning(t.Back) + Duration.FromHours(1)) && NextMorning(t.Back) + Duration.FromHours(1) < to)
            .Select(t => Misuse(DemoMisuseKind.NotBackOvernight, car, t, t.Back, FarthestHome(t.Pool).NameZh)).FirstOrDefault());
        Cast(DemoMisuseKind.FlaggedPlaceDetour, (car, trips) => trips.Where(t => t.Back - t.Start >= Duration.FromHours(3) && !OutOfRegion(t))
            .Select(t => Misuse(DemoMisuseKind.FlaggedPlaceDetour, car, t, t.Start, flagged[(int)(t.Start.ToUnixTimeSeconds() % flagged.Count)].NameZh)).FirstOrDefault());
        Cast(DemoMisuseKind.TerminalUnplugged, (car, trips) => trips.Where(t => !OutOfRegion(t))
            .Select(t => Misuse(DemoMisuseKind.TerminalUnplugged, car, t, t.Start, t.Destinations[0])).FirstOrDefault());
        Cast(DemoMisuseKind.WeekendDrive, (car, trips) =>
        {
            for (var day = Local(from).Date; day < Local(to).Date; day = day.PlusDays(1))
            {
                // A Saturday worked in exchange for a holiday is no rest day: the drive would be no finding.
                if (day.DayOfWeek != IsoDayOfWeek.Saturday || !DemoCityGenerator.IsRestDay(day)) continue;
                var start = day.At(new LocalTime(9, 40)).InZoneLeniently(zone).ToInstant();
                var end = start + Duration.FromHours(6);
                if (trips.Any(t => t.Start < end && t.Back > start) || !trips.Any(t => t.Start > end)) continue;
                return new DemoMisuse(DemoMisuseKind.WeekendDrive, _vehicles[car].Plate, car, null, start, flagged[0].NameZh);
            }

            return null;
        });
        return cast;
    }

    private DemoMisuse Misuse(DemoMisuseKind kind, Guid car, DemoTrip trip, Instant at, string place) => new(kind, _vehicles[car].Plate, car, trip.TripId, at, place);

    /// <summary>The drive of one trip: out to each destination, back to the depot, standing at the stops for the time between.</summary>
    private TrackBuilder Drive(DemoTrip trip, DemoMisuse? misuse)
    {
        var depot = map.Depot(trip.Pool).Point;
        var stops = Stops(trip);
        var home = depot;
        var wanted = trip.DeclaredMetres;
        switch (misuse?.Kind)
        {
            case DemoMisuseKind.PaddedLogbook:
                wanted -= 40_000;
                break;
            case DemoMisuseKind.FlaggedPlaceDetour:
                stops.Add(map.Flagged.First(p => p.NameZh == misuse.Place).Point);
                break;
            case DemoMisuseKind.NotBackOvernight:
                home = FarthestHome(trip.Pool).Point;
                break;
        }

        AddErrands(depot, stops, home, wanted);
        var legs = new List<Route>();
        var at = depot;
        foreach (var stop in stops.Append(home))
        {
            legs.Add(map.Route(at, stop)!);
            at = stop;
        }

        // Faster than usual when the way is long for the time, never a standstill: the stops get what time is left.
        var window = (trip.Back - trip.Start).TotalSeconds;
        var usual = legs.Sum(l => l.Metres / Kmh(l) * 3.6);
        var hurry = Math.Max(1, usual / (0.8 * window));
        var track = new TrackBuilder(trip.Start, depot, MovingEvery, ParkedEvery);
        var standing = Duration.FromSeconds(Math.Max(0, window - usual / hurry) / stops.Count);
        for (var i = 0; i < legs.Count; i++)
        {
            track.Drive(legs[i], Kmh(legs[i]) * hurry);
            if (i < stops.Count) track.ParkUntil(track.Now + (misuse?.Kind == DemoMisuseKind.FlaggedPlaceDetour && i == stops.Count - 1
                ? Duration.Max(standing, Duration.FromHours(1)) : standing));
        }

        if (misuse?.Kind == DemoMisuseKind.NotBackOvernight)
        {
            // Home for the night; back at the depot before the working day starts.
            track.ParkUntil(NextMorning(trip.Back));
            track.Drive(map.Route(home, depot)!, CityKmh);
        }

        return track;
    }

    /// <summary>
    /// Adds errands at other offices on the way back while the way is well short of what is to be driven: each the place
    /// that brings the way nearest to it.
    /// </summary>
    private void AddErrands(GeoPoint depot, List<GeoPoint> stops, GeoPoint home, double wanted)
    {
        var offices = map.Places.Where(p => p.Kind == "destination" && p.Point.MetresTo(depot) < 15_000).Select(p => p.Point).ToList();
        for (var errands = 0; errands < 3 && Metres(depot, stops, home) < 0.92 * wanted; errands++)
        {
            var before = Metres(depot, stops, home);
            var best = offices.MinBy(o => Math.Abs(Metres(depot, [.. stops, o], home) - wanted));
            if (Math.Abs(Metres(depot, [.. stops, best], home) - wanted) >= Math.Abs(before - wanted)) return;
            stops.Add(best);
        }
    }

    private List<GeoPoint> Stops(DemoTrip trip)
    {
        var stops = trip.Destinations.Select(d => map.Find(d)?.Point).OfType<GeoPoint>().ToList();
        if (stops.Count == 0) stops.Add(map.Places.First(p => p.Kind == "destination").Point);
        return stops;
    }

    private double Metres(GeoPoint depot, IReadOnlyList<GeoPoint> stops, GeoPoint home)
    {
        var metres = 0d;
        var at = depot;
        foreach (var stop in stops.Append(home))
        {
            metres += map.MetresBetween(at, stop);
            at = stop;
        }

        return metres;
    }

    private (List<DemoFix> Fixes, double Metres) WeekendDrive(DemoMisuse misuse, Guid car, string pool, string terminal, double odometer)
    {
        var depot = map.Depot(pool).Point;
        var place = map.Flagged.First(p => p.NameZh == misuse.Place).Point;
        var track = new TrackBuilder(misuse.At, depot, MovingEvery, ParkedEvery);
        track.Drive(map.Route(depot, place)!, CityKmh);
        track.ParkUntil(track.Now + Duration.FromHours(3));
        track.Drive(map.Route(place, depot)!, CityKmh);
        return (track.Fixes.Select(f => new DemoFix(car, pool, terminal, f, (long)Math.Round((odometer + f.Metres) / 100), 0)).ToList(), track.Metres);
    }

    /// <summary>Where a car that does not come back spends the night: the office farthest from its depot, standing for a flat nearby.</summary>
    private MapPlace FarthestHome(string pool)
    {
        var depot = map.Depot(pool).Point;
        return map.Places.Where(p => p.Kind == "destination" && p.Point.MetresTo(depot) < 15_000).MaxBy(p => map.MetresBetween(depot, p.Point))!;
    }

    private bool OutOfRegion(DemoTrip trip) => trip.Destinations.Any(d => map.Find(d)?.Kind == "out_of_region");

    private static double Kmh(Route leg) => leg.Metres > 30_000 ? ExpresswayKmh : CityKmh;

    private LocalDateTime Local(Instant at) => at.InZone(zone).LocalDateTime;

    /// <summary>When a car that stood somewhere overnight leaves for the depot, before the working day.</summary>
    private Instant NextMorning(Instant evening) => Local(evening).Date.PlusDays(1).At(new LocalTime(7, 30)).InZoneLeniently(zone).ToInstant();
}
