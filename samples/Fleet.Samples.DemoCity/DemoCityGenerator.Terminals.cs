using Fleet.Domain.People;
using Fleet.Domain.Positions;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Samples.DemoCity.Geography;
using Fleet.Domain.Trips;
using NodaTime;

namespace Fleet.Samples.DemoCity;

public sealed partial class DemoCityGenerator
{
    /// <summary>
    /// From this moment the demo cars carry satellite terminals and have tracks: the last month of the history. Earlier
    /// trips were driven before the terminals were fitted, so no one reads their missing tracks as a silent terminal.
    /// </summary>
    public Instant TracksFrom => _zone.AtStartOfDay(_end.InZone(_zone).Date.PlusMonths(-1)).ToInstant();

    /// <summary>The pool whose cars play out the misuse the tracks show (docs/positions/simulator.md): 江岸区.</summary>
    public const string MisusePool = "420102";

    private readonly HashSet<Guid> _padded = [];

    /// <summary>Trips whose return record claims 40 km more than was driven.</summary>
    public IReadOnlyCollection<Guid> PaddedTrips => _padded;

    /// <summary>
    /// One trip of the misuse pool in the tracked month, a few days in and in town, comes back with 40 km more on the
    /// odometer than it drove: the padded logbook the tracks give away. Only the record changes, not the fuel.
    /// </summary>
    private int Padding(PoolState pool, Trip trip, Instant now) =>
        pool.Pool.Code == MisusePool && _padded.Count == 0 && !trip.Details.OutOfRegion && trip.StartedAt >= TracksFrom + Duration.FromDays(3) && now < _end
        && _padded.Add(trip.Id)
            ? 40
            : 0;

    /// <summary>The terminal number the demo fits to a pool's car: 0139, the pool's place, the car's place in the pool.</summary>
    public static string TerminalOf(int poolIndex, int vehicleIndex) => $"0139{poolIndex:D2}{vehicleIndex:D6}";

    /// <summary>
    /// The fleet admins fit a terminal to every car the morning before the tracks begin, through the decision the
    /// binding endpoint calls. Correlation ids are made here rather than drawn, so that the rest of the history stays
    /// what the seed made it.
    /// </summary>
    private void PlanTerminals()
    {
        var fitted = Local(TracksFrom.InZone(_zone).Date.PlusDays(-1), 9, 0);
        for (var p = 0; p < _pools.Count; p++)
        {
            var pool = _pools[p];
            var cars = pool.Vehicles.Keys.Order().ToList();
            for (var i = 0; i < cars.Count; i++)
            {
                // One car after the other, as the admin types them in: the history stays in the order of time.
                var terminal = new TerminalParticulars(TerminalOf(p, i), null, "JT/T 808-2019 北斗终端");
                var car = cars[i];
                At(fitted + Duration.FromSeconds(30 * i), now =>
                {
                    var admin = pool.Staff[Role.FleetAdmin];
                    Apply(pool, pool.Vehicles[car], TerminalBinding.Bind(terminal, pool.Vehicles[car], null, admin.UserId!.Value, now), now, admin,
                        $"terminal-{terminal.Number}");
                });
            }
        }

        PlanGeofences(fitted + Duration.FromHours(2));
    }

    /// <summary>
    /// Each pool's supervisor draws the city's scenic spots and entertainment venues as geofences, before the tracks
    /// begin, so that a car lingering there is found. Ids are made from the pool and the place, not drawn.
    /// </summary>
    private void PlanGeofences(Instant drawn)
    {
        var flagged = WCityMap.Load().Flagged.ToList();
        foreach (var pool in _pools)
        {
            At(drawn, now =>
            {
                var supervisor = pool.Staff[Role.Supervisor];
                foreach (var place in flagged)
                {
                    var id = MadeId($"geofence|{pool.Pool.Code}|{place.NameZh}");
                    var form = new DrawGeofenceForm(place.NameZh, place.Kind == "scenic" ? GeofenceKind.ScenicSpot : GeofenceKind.EntertainmentVenue, null,
                        new Fleet.Domain.Positions.Reconciliation.GeoPoint(place.Point.Latitude, place.Point.Longitude), place.RadiusMetres ?? 300);
                    Record(pool, id, DemoStream.Geofence, GeofenceDrawing.Draw(id, form, supervisor.UserId!.Value, now), now, supervisor, $"geofence-{id:N}");
                }
            });
        }
    }

    private static Guid MadeId(string name) => new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(name)));
}
