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
    long Version,
    VehicleStatus Status = VehicleStatus.InService,
    decimal OdometerKm = 0,
    LocalDate? InspectionValidUntil = null,
    LocalDate? InsuranceValidUntil = null,
    int JobsInWorkshop = 0)
{
    public const string PlateIndexName = "mt_doc_vehiclesummary_uidx_plate";
}

/// <summary>The registry's list view: what a fleet admin scans a page of vehicles for.</summary>
public sealed partial class VehicleSummaryProjection : SingleStreamProjection<VehicleSummary, Guid>
{
    public static VehicleSummary Create(IEvent<VehicleRegistered> registered)
    {
        var e = registered.Data;
        return new VehicleSummary(e.VehicleId, e.Plate, Plate.Parse(e.Plate).Kind, e.Category, e.Class, e.Seats,
            e.EnergyType, e.HomePool, e.RegisteredAt, registered.Version);
    }

    public static VehicleSummary Create(IEvent<VehicleReceived> received)
    {
        var e = received.Data;
        return new VehicleSummary(e.VehicleId, e.Plate, Plate.Parse(e.Plate).Kind, e.Category, e.Class, e.Seats, e.EnergyType,
            e.HomePool, e.ReceivedAt, received.Version, VehicleStatus.InService, e.Odometer.Kilometres, e.InspectionValidUntil,
            e.InsuranceValidUntil);
    }

    /// <summary>Gone from the pool it left, which also frees its plate for the pool that received it.</summary>
    public static bool ShouldDelete(VehicleTransferred e) => true;

    public static VehicleSummary Apply(VehicleSummary v, IEvent<MaintenanceStarted> e) => v with
    {
        Status = v.Status == VehicleStatus.InService ? VehicleStatus.UnderMaintenance : v.Status,
        JobsInWorkshop = v.JobsInWorkshop + 1,
        Version = e.Version,
    };

    /// <summary>Like the vehicle itself, the list shows it back in service once its last job in the workshop is done.</summary>
    public static VehicleSummary Apply(VehicleSummary v, IEvent<MaintenanceCompleted> e) => v with
    {
        Status = v.Status == VehicleStatus.UnderMaintenance && v.JobsInWorkshop <= 1 ? VehicleStatus.InService : v.Status,
        JobsInWorkshop = Math.Max(0, v.JobsInWorkshop - 1),
        OdometerKm = e.Data.Odometer?.Kilometres ?? v.OdometerKm,
        Version = e.Version,
    };

    public static VehicleSummary Apply(VehicleSummary v, IEvent<AnnualInspectionRecorded> e) => v with { InspectionValidUntil = e.Data.ValidUntil, Version = e.Version };
    public static VehicleSummary Apply(VehicleSummary v, IEvent<InsuranceRecorded> e) => v with { InsuranceValidUntil = e.Data.ValidUntil, Version = e.Version };
    public static VehicleSummary Apply(VehicleSummary v, IEvent<OdometerRead> e) => v with { OdometerKm = e.Data.Reading.Kilometres, Version = e.Version };
    public static VehicleSummary Apply(VehicleSummary v, IEvent<OdometerCorrected> e) => v with { OdometerKm = e.Data.To.Kilometres, Version = e.Version };
    public static VehicleSummary Apply(VehicleSummary v, IEvent<VehicleRetired> e) => v with { Status = VehicleStatus.Retired, Version = e.Version };
    public static VehicleSummary Apply(VehicleSummary v, IEvent<VehicleDisposed> e) => v with { Status = VehicleStatus.Disposed, Version = e.Version };
}
