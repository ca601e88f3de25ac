using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Maintenance;

/// <summary>A workshop booking is called off, with the reason why; the vehicle can be dispatched in its period again.</summary>
public sealed record CancelMaintenance(Guid VehicleId, Guid MaintenanceId, CancelMaintenanceForm Form) : Command<Vehicle>;

public static class CancelMaintenanceHandler
{
    public static Task<Outcome<Vehicle>> Handle(CancelMaintenance command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        VehicleStream.DecideAsync(session, command.VehicleId, v => VehicleMaintenance.Decide(command.Form, command.MaintenanceId, v, clock.GetCurrentInstant()),
            cancellation);
}

public static class CancelMaintenanceEndpoint
{
    [WolverinePost("/api/vehicles/{id}/maintenance/{maintenanceId}/cancel", OperationId = "CancelMaintenance"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, Guid maintenanceId, CancelMaintenanceForm form, HttpContext http,
        IMessageBus bus) =>
        bus.AnswerAsync(new CancelMaintenance(id, maintenanceId, form), http);
}
