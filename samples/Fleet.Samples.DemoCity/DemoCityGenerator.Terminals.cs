using Fleet.Domain.People;
using Fleet.Domain.Positions;
using NodaTime;

namespace Fleet.Samples.DemoCity;

public sealed partial class DemoCityGenerator
{
    /// <summary>
    /// From this moment the demo cars carry satellite terminals and have tracks: the last month of the history. Earlier
    /// trips were driven before the terminals were fitted, so no one reads their missing tracks as a silent terminal.
    /// </summary>
    public Instant TracksFrom => _zone.AtStartOfDay(_end.InZone(_zone).Date.PlusMonths(-1)).ToInstant();

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
            var poolIndex = p;
            At(fitted, now =>
            {
                var admin = pool.Staff[Role.FleetAdmin];
                var index = 0;
                foreach (var vehicle in pool.Vehicles.Values.OrderBy(v => v.Id).ToList())
                {
                    var terminal = new TerminalParticulars(TerminalOf(poolIndex, index++), null, "JT/T 808-2019 北斗终端");
                    var at = now + Duration.FromSeconds(30 * index);
                    Apply(pool, vehicle, TerminalBinding.Bind(terminal, vehicle, null, admin.UserId!.Value, at), at, admin, $"terminal-{terminal.Number}");
                }
            });
        }
    }
}
