using Fleet.Domain.Vehicles;
using Marten.Events.Aggregation;

namespace Fleet.Projections.AggregateState;

/// <summary>
/// Each vehicle's state as its decisions and the availability check need it, kept inline so that a command
/// and the dispatch candidate list read their own writes. The rules are the domain's; this wires them to Marten.
/// </summary>
public sealed partial class VehicleProjection : SingleStreamProjection<Vehicle, Guid>
{
    public static Vehicle Create(VehicleRegistered e) => Vehicle.Create(e);
    public static Vehicle Create(VehicleReceived e) => Vehicle.Create(e);

    /// <summary>A vehicle that left for another pool is no longer this pool's to dispatch; its history stays in the events.</summary>
    public static bool ShouldDelete(VehicleTransferred e) => true;

    public static Vehicle Apply(Vehicle v, MaintenanceScheduled e) => v.Apply(e);
    public static Vehicle Apply(Vehicle v, MaintenanceStarted e) => v.Apply(e);
    public static Vehicle Apply(Vehicle v, MaintenanceCompleted e) => v.Apply(e);
    public static Vehicle Apply(Vehicle v, MaintenanceCancelled e) => v.Apply(e);
    public static Vehicle Apply(Vehicle v, AnnualInspectionRecorded e) => v.Apply(e);
    public static Vehicle Apply(Vehicle v, InsuranceRecorded e) => v.Apply(e);
    public static Vehicle Apply(Vehicle v, OdometerRead e) => v.Apply(e);
    public static Vehicle Apply(Vehicle v, OdometerCorrected e) => v.Apply(e);
    public static Vehicle Apply(Vehicle v, VehicleRetired e) => v.Apply(e);
    public static Vehicle Apply(Vehicle v, VehicleDisposed e) => v.Apply(e);
}
