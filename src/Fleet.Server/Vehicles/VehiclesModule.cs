using Fleet.Domain.Vehicles;
using Fleet.Projections.PoolFleet;
using Fleet.Projections.AggregateState;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Infrastructure;
using JasperFx.Events.Projections;
using Marten.Schema.Indexing.Unique;
using Marten.Schema;

namespace Fleet.Server.Vehicles;

/// <summary>The pools' vehicles, from registration through workshop visits and papers to disposal.</summary>
public sealed class VehiclesModule : IFleetModule
{
    public IReadOnlyDictionary<Type, string> Events { get; } = new Dictionary<Type, string>
    {
        [typeof(VehicleRegistered)] = "vehicle_registered",
        [typeof(VehicleTransferred)] = "vehicle_transferred",
        [typeof(VehicleReceived)] = "vehicle_received",
        [typeof(MaintenanceScheduled)] = "maintenance_scheduled",
        [typeof(MaintenanceStarted)] = "maintenance_started",
        [typeof(MaintenanceCompleted)] = "maintenance_completed",
        [typeof(MaintenanceCancelled)] = "maintenance_cancelled",
        [typeof(AnnualInspectionRecorded)] = "annual_inspection_recorded",
        [typeof(InsuranceRecorded)] = "insurance_recorded",
        [typeof(OdometerRead)] = "odometer_read",
        [typeof(OdometerCorrected)] = "odometer_corrected",
        [typeof(VehicleRetired)] = "vehicle_retired",
        [typeof(VehicleDisposed)] = "vehicle_disposed",
    };

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new UniqueIndexRule(VehicleSummary.PlateIndexName, "vehicle.plate_taken",
            "This plate is already registered to another vehicle: one plate, one vehicle."));
    }

    public void ConfigureStore(StoreOptions options, IServiceProvider services)
    {
        options.Projections.Add(new AggregateStateProjection<Vehicle>().EndsWith<VehicleTransferred>(), ProjectionLifecycle.Inline);
        options.Projections.Add<VehicleSummaryProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<PoolFleetProjection>(ProjectionLifecycle.Async);
        // The unique index settles the race the registration's pre-check cannot; a plate is unique across the whole city,
        // whichever pool holds the car.
        options.Schema.For<VehicleSummary>().UniqueIndex(UniqueIndexType.Computed, VehicleSummary.PlateIndexName, TenancyScope.Global, x => x.Plate);
    }
}
