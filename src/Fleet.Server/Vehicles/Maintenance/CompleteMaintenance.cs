using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Maintenance;

/// <summary>The vehicle is back from the workshop, with the odometer it came back with when it was read.</summary>
public sealed record CompleteMaintenance(Guid VehicleId, Guid MaintenanceId, decimal? OdometerKm) : Command<Vehicle>;

public sealed record CompleteMaintenanceRequest(decimal? OdometerKm);

public static class CompleteMaintenanceHandler
{
    public static Task<Outcome<Vehicle>> Handle(CompleteMaintenance command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        if (command.OdometerKm is { } typed && VehicleOdometer.OutOfRange(typed, "odometerKm") is { } outOfRange)
            return Task.FromResult(Outcome<Vehicle>.Refused(outOfRange));
        var odometer = command.OdometerKm is { } km ? Distance.FromKilometres(km) : (Distance?)null;
        var completion = new Fleet.Domain.Vehicles.CompleteMaintenance(command.VehicleId, command.MaintenanceId, odometer);
        return VehicleStream.DecideAsync(session, command.VehicleId, v => VehicleMaintenance.Decide(completion, v, clock.GetCurrentInstant()), cancellation);
    }
}

public static class CompleteMaintenanceEndpoint
{
    [WolverinePost("/api/vehicles/{id}/maintenance/{maintenanceId}/complete", OperationId = "CompleteMaintenance"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, Guid maintenanceId, CompleteMaintenanceRequest request,
        HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new CompleteMaintenance(id, maintenanceId, request.OdometerKm), http);
}
