using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Disposal;

/// <summary>The vehicle is taken out of service for good, with the reason why; it waits to be disposed of.</summary>
public sealed record RetireVehicle(Guid VehicleId, RetireVehicleForm Form) : Command<Vehicle>;

public static class RetireVehicleHandler
{
    public static Task<Outcome<Vehicle>> Handle(RetireVehicle command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        VehicleStream.DecideAsync(session, command.VehicleId, v => VehicleRetirement.Decide(command.Form, v, clock.GetCurrentInstant()), cancellation);
}

public static class RetireVehicleEndpoint
{
    [WolverinePost("/api/vehicles/{id}/retire", OperationId = "RetireVehicle"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, RetireVehicleForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RetireVehicle(id, form), http);
}
