using Fleet.Domain.Vehicles;
using JasperFx.Events;
using Marten.Events.Aggregation;
using NodaTime;

namespace Fleet.Projections.VehicleRegistry;

/// <summary>One vehicle as the registry shows it. Kept inline: registration must see its own write to refuse a second vehicle with the same plate.</summary>
public sealed record VehicleSummary(
    Guid Id,
    string Plate,
    PlateKind PlateKind,
    VehicleCategory Category,
    VehicleClass Class,
    int Seats,
    EnergyType EnergyType,
    string HomePool,
    Instant RegisteredAt,
    long Version)
{
    public const string PlateIndexName = "mt_doc_vehiclesummary_uidx_plate";
}

public sealed partial class VehicleSummaryProjection : SingleStreamProjection<VehicleSummary, Guid>
{
    public static VehicleSummary Create(IEvent<VehicleRegistered> registered)
    {
        var e = registered.Data;
        return new VehicleSummary(e.VehicleId, e.Plate, Plate.Parse(e.Plate).Kind, e.Category, e.Class, e.Seats,
            e.EnergyType, e.HomePool, e.RegisteredAt, registered.Version);
    }
}
