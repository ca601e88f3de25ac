using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Maintenance;

/// <summary>Books the vehicle into the workshop for a planned period; dispatch plans around it from then on.</summary>
public sealed record ScheduleMaintenance(Guid VehicleId, ScheduleMaintenanceForm Form) : Command<Vehicle>;

public static class ScheduleMaintenanceHandler
{
    public static Task<Outcome<Vehicle>> Handle(ScheduleMaintenance command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        VehicleStream.DecideAsync(session, command.VehicleId,
            v => VehicleMaintenance.Decide(command.Form, Guid.CreateVersion7(), v, clock.GetCurrentInstant()), cancellation);
}

public static class ScheduleMaintenanceEndpoint
{
    [WolverinePost("/api/vehicles/{id}/maintenance", OperationId = "ScheduleMaintenance"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, ScheduleMaintenanceForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ScheduleMaintenance(id, form), http);
}
