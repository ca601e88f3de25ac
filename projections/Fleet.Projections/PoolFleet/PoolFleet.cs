using Fleet.Domain.Vehicles;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Fleet.Projections.PoolFleet;

/// <summary>
/// What one pool has to dispatch with: vehicles by category, class and energy type. The figures a pool's
/// annual return and the city's quota check start from. Disposed vehicles and vehicles transferred away no
/// longer count.
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

    /// <summary>The vehicles counted, so that one leaving can be taken off the right counts.</summary>
    public Dictionary<Guid, CountedVehicle> Members { get; set; } = [];

    public sealed record CountedVehicle(VehicleCategory Category, VehicleClass Class, EnergyType EnergyType, int Seats);

    public PoolFleet Add(Guid vehicleId, CountedVehicle vehicle)
    {
        Members[vehicleId] = vehicle;
        return Recount();
    }

    public PoolFleet Remove(Guid vehicleId)
    {
        Members.Remove(vehicleId);
        return Recount();
    }

    private PoolFleet Recount()
    {
        var members = Members.Values;
        Vehicles = members.Count;
        Seats = members.Sum(m => m.Seats);
        ByCategory = members.GroupBy(m => m.Category).ToDictionary(g => g.Key, g => g.Count());
        ByClass = members.GroupBy(m => m.Class).ToDictionary(g => g.Key, g => g.Count());
        ByEnergyType = members.GroupBy(m => m.EnergyType).ToDictionary(g => g.Key, g => g.Count());
        return this;
    }
}

public sealed partial class PoolFleetProjection : MultiStreamProjection<PoolFleet, string>
{
    public PoolFleetProjection()
    {
        Identity<VehicleRegistered>(e => e.HomePool);
        Identity<VehicleReceived>(e => e.HomePool);
        Identity<VehicleTransferred>(e => e.FromPool);
        // The pool is the tenant the disposal was recorded in.
        Identity<IEvent<VehicleDisposed>>(e => e.TenantId);
    }

    public static PoolFleet Create(VehicleRegistered e) => Apply(new PoolFleet { Id = e.HomePool }, e);

    public static PoolFleet Create(VehicleReceived e) => Apply(new PoolFleet { Id = e.HomePool }, e);

    public static PoolFleet Apply(PoolFleet pool, VehicleRegistered e) =>
        pool.Add(e.VehicleId, new PoolFleet.CountedVehicle(e.Category, e.Class, e.EnergyType, e.Seats));

    public static PoolFleet Apply(PoolFleet pool, VehicleReceived e) =>
        pool.Add(e.VehicleId, new PoolFleet.CountedVehicle(e.Category, e.Class, e.EnergyType, e.Seats));

    public static PoolFleet Apply(PoolFleet pool, VehicleTransferred e) => pool.Remove(e.VehicleId);

    public static PoolFleet Apply(PoolFleet pool, VehicleDisposed e) => pool.Remove(e.VehicleId);
}
