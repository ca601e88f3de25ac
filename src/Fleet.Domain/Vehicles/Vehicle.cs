using System.Collections.Immutable;
using Fleet.Domain.Common;
using Fleet.Domain.Positions;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>
/// One vehicle as its decisions see it, folded from its stream: only the state a rule of its life in the
/// registry or a dispatch check depends on. Display data belongs in projections, not here.
/// </summary>
/// <param name="Terminal">The satellite terminal the car carries now, if any: its positions are the car's.</param>
/// <param name="Fuel">How much its tank holds and what it burns, once recorded: the fuel-card checks hold purchases against them.</param>
public sealed record Vehicle(
    Guid Id,
    string Plate,
    VehicleClass Class,
    int Seats,
    VehicleCategory Category,
    EnergyType EnergyType,
    string HomePool,
    VehicleStatus Status,
    Distance Odometer,
    LocalDate? InspectionValidUntil,
    LocalDate? InsuranceValidUntil,
    ImmutableList<MaintenanceWindow> MaintenanceWindows,
    BoundTerminal? Terminal = null,
    Records.FuelFigures? Fuel = null)
{
    /// <summary>
    /// A newly registered vehicle is in service with no papers on file: until an inspection and a policy are
    /// recorded, dispatch treats it as missing them rather than assuming they exist.
    /// </summary>
    public static Vehicle From(VehicleRegistered e) => new(
        Id: e.VehicleId,
        Plate: e.Plate,
        Class: e.Class,
        Seats: e.Seats,
        Category: e.Category,
        EnergyType: e.EnergyType,
        HomePool: e.HomePool,
        Status: VehicleStatus.InService,
        Odometer: Distance.Zero,
        InspectionValidUntil: null,
        InsuranceValidUntil: null,
        MaintenanceWindows: []);

    public static Vehicle From(VehicleReceived e) => new(
        Id: e.VehicleId,
        Plate: e.Plate,
        Class: e.Class,
        Seats: e.Seats,
        Category: e.Category,
        EnergyType: e.EnergyType,
        HomePool: e.HomePool,
        Status: VehicleStatus.InService,
        Odometer: e.Odometer,
        InspectionValidUntil: e.InspectionValidUntil,
        InsuranceValidUntil: e.InsuranceValidUntil,
        MaintenanceWindows: []);

    public Vehicle When(VehicleTransferred e) => this with { HomePool = e.ToPool };

    public Vehicle When(MaintenanceScheduled e) => this with
    {
        MaintenanceWindows = MaintenanceWindows.Add(
            new MaintenanceWindow(e.MaintenanceId, e.Planned, e.Kind, MaintenanceState.Scheduled, StartedAt: null, CompletedAt: null)),
    };

    /// <summary>
    /// A retired vehicle may still go into the workshop (to be made fit for auction or reallocation) but stays
    /// retired: only one in service is taken out of service by a repair.
    /// </summary>
    public Vehicle When(MaintenanceStarted e)
    {
        var started = WithMaintenance(e.MaintenanceId, w => w with { State = MaintenanceState.Started, StartedAt = e.StartedAt });
        return Status == VehicleStatus.InService ? started with { Status = VehicleStatus.UnderMaintenance } : started;
    }

    public Vehicle When(MaintenanceCompleted e) =>
        WithMaintenance(e.MaintenanceId, w => w with { State = MaintenanceState.Completed, CompletedAt = e.CompletedAt })
            .BackInServiceWhenNoJobIsOpen() with { Odometer = e.Odometer ?? Odometer };

    public Vehicle When(MaintenanceCancelled e) =>
        WithMaintenance(e.MaintenanceId, w => w with { State = MaintenanceState.Cancelled });

    /// <summary>The most recent record wins, so that a mistyped date is put right by recording the inspection again.</summary>
    public Vehicle When(AnnualInspectionRecorded e) => this with { InspectionValidUntil = e.ValidUntil };

    /// <summary>The most recent record wins, so that a mistyped date is put right by recording the policy again.</summary>
    public Vehicle When(InsuranceRecorded e) => this with { InsuranceValidUntil = e.ValidUntil };

    public Vehicle When(OdometerRead e) => this with { Odometer = e.Reading };

    public Vehicle When(OdometerCorrected e) => this with { Odometer = e.To };

    public Vehicle When(VehicleRetired e) => this with { Status = VehicleStatus.Retired };

    public Vehicle When(VehicleDisposed e) => this with { Status = VehicleStatus.Disposed };

    public Vehicle When(Records.VehicleFuelFiguresRecorded e) => this with { Fuel = new Records.FuelFigures(e.TankLitres, e.LitresPer100Km) };

    public Vehicle When(TerminalBound e) => this with { Terminal = new BoundTerminal(e.Terminal, e.Imei, e.Model, e.BoundAt) };

    public Vehicle When(TerminalUnbound e) => this with { Terminal = null };

    public Vehicle When(TerminalReplaced e) => this with { Terminal = new BoundTerminal(e.NewTerminal, e.Imei, e.Model, e.ReplacedAt) };

    public MaintenanceWindow? FindMaintenance(Guid maintenanceId) =>
        MaintenanceWindows.Find(w => w.MaintenanceId == maintenanceId);

    private Vehicle WithMaintenance(Guid maintenanceId, Func<MaintenanceWindow, MaintenanceWindow> change) => this with
    {
        MaintenanceWindows = MaintenanceWindows.ConvertAll(w => w.MaintenanceId == maintenanceId ? change(w) : w),
    };

    private Vehicle BackInServiceWhenNoJobIsOpen() =>
        Status == VehicleStatus.UnderMaintenance && MaintenanceWindows.TrueForAll(w => w.State != MaintenanceState.Started)
            ? this with { Status = VehicleStatus.InService }
            : this;
}

/// <summary>Where a vehicle stands in its life in the registry; only <see cref="InService"/> can be dispatched.</summary>
public enum VehicleStatus
{
    InService,

    /// <summary>In the workshop: a maintenance job has been started and not yet completed.</summary>
    UnderMaintenance,

    /// <summary>封存/停用: kept on the books but no longer dispatched, awaiting disposal.</summary>
    Retired,

    /// <summary>处置: gone from the fleet for good; the record stays for audit.</summary>
    Disposed,
}
