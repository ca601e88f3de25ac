using Fleet.Domain.Vehicles;
using Marten.Events.Projections;

namespace Fleet.Projections.PoolFleet;

/// <summary>
/// What one pool has to dispatch with: vehicles by category, class and energy type. The figures a pool's
/// annual return and the city's quota check start from.
/// </summary>
public sealed class PoolFleet
{
    /// <summary>The pool's GB/T 2260 division code.</summary>
    public string Id { get; set; } = "";

    public int Vehicles { get; set; }
    public int Seats { get; set; }
    public Dictionary<VehicleCategory, int> ByCategory { get; set; } = [];
    public Dictionary<VehicleClass, int> ByClass { get; set; } = [];
    public Dictionary<EnergyType, int> ByEnergyType { get; set; } = [];
}

public sealed partial class PoolFleetProjection : MultiStreamProjection<PoolFleet, string>
{
    public PoolFleetProjection()
    {
        Identity<VehicleRegistered>(e => e.HomePool);
    }

    public static PoolFleet Create(VehicleRegistered e) => Apply(new PoolFleet { Id = e.HomePool }, e);

    public static PoolFleet Apply(PoolFleet pool, VehicleRegistered e)
    {
        pool.Vehicles++;
        pool.Seats += e.Seats;
        Increment(pool.ByCategory, e.Category);
        Increment(pool.ByClass, e.Class);
        Increment(pool.ByEnergyType, e.EnergyType);
        return pool;
    }

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
