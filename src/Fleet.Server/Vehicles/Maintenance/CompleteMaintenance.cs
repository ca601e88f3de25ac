using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Maintenance;

/// <summary>The vehicle is back from the workshop, with the odometer it came back with when it was read.</summary>
public sealed record CompleteMaintenance(Guid VehicleId, Guid MaintenanceId, CompleteMaintenanceForm Form) : Command<Vehicle>;

public static class CompleteMaintenanceHandler
{
    public static Task<Outcome<Vehicle>> Handle(CompleteMaintenance command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        VehicleStream.DecideAsync(session, command.VehicleId,
            v => VehicleMaintenance.Decide(command.Form, command.MaintenanceId, v, clock.GetCurrentInstant()), cancellation);
}

public static class CompleteMaintenanceEndpoint
{
    [WolverinePost("/api/vehicles/{id}/maintenance/{maintenanceId}/complete", OperationId = "CompleteMaintenance"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, Guid maintenanceId, CompleteMaintenanceForm form,
        HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new CompleteMaintenance(id, maintenanceId, form), http);
}
