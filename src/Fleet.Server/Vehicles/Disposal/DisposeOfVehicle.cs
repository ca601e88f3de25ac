using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Disposal;

/// <summary>The vehicle leaves the pool's property, how and under which approval document; its record closes.</summary>
public sealed record DisposeOfVehicle(Guid VehicleId, DisposeOfVehicleForm Form) : Command<Vehicle>;

public static class DisposeOfVehicleHandler
{
    public static Task<Outcome<Vehicle>> Handle(DisposeOfVehicle command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        VehicleStream.DecideAsync(session, command.VehicleId, v => VehicleRetirement.Decide(command.Form, v, clock.GetCurrentInstant()), cancellation);
}

public static class DisposeOfVehicleEndpoint
{
    [WolverinePost("/api/vehicles/{id}/dispose", OperationId = "DisposeOfVehicle"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, DisposeOfVehicleForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new DisposeOfVehicle(id, form), http);
}
