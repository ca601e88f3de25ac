using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Odometer;

/// <summary>A fleet admin writes down what the vehicle's odometer shows; a reading never goes down.</summary>
public sealed record ReadOdometer(Guid VehicleId, ReadOdometerForm Form) : Command<Vehicle>;

public static class ReadOdometerHandler
{
    public static Task<Outcome<Vehicle>> Handle(ReadOdometer command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        VehicleStream.DecideAsync(session, command.VehicleId,
            v => VehicleOdometer.Decide(command.Form, OdometerSource.Manual, v, clock.GetCurrentInstant()), cancellation);
}

public static class ReadOdometerEndpoint
{
    [WolverinePost("/api/vehicles/{id}/odometer", OperationId = "ReadOdometer"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, ReadOdometerForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ReadOdometer(id, form), http);
}
