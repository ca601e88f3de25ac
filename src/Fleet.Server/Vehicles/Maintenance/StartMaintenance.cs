using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Maintenance;

/// <summary>The vehicle goes into the workshop for a booked maintenance: it is out of service until completed.</summary>
public sealed record StartMaintenance(Guid VehicleId, Guid MaintenanceId) : Command<Vehicle>;

public static class StartMaintenanceHandler
{
    public static Task<Outcome<Vehicle>> Handle(StartMaintenance command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        VehicleStream.DecideAsync(session, command.VehicleId, v => VehicleMaintenance.Start(command.MaintenanceId, v, clock.GetCurrentInstant()),
            cancellation);
}

public static class StartMaintenanceEndpoint
{
    [WolverinePost("/api/vehicles/{id}/maintenance/{maintenanceId}/start", OperationId = "StartMaintenance"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, Guid maintenanceId, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new StartMaintenance(id, maintenanceId), http);
}
