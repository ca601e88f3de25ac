using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Odometer;

/// <summary>The only way a reading goes down: a separate, reasoned event an auditor can find.</summary>
public sealed record CorrectOdometer(Guid VehicleId, CorrectOdometerForm Form) : Command<Vehicle>;

public static class CorrectOdometerHandler
{
    public static Task<Outcome<Vehicle>> Handle(CorrectOdometer command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        VehicleStream.DecideAsync(session, command.VehicleId,
            v => VehicleOdometer.Decide(command.Form, v, clock.GetCurrentInstant()), cancellation);
}

public static class CorrectOdometerEndpoint
{
    [WolverinePost("/api/vehicles/{id}/odometer/correction", OperationId = "CorrectOdometer"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, CorrectOdometerForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new CorrectOdometer(id, form), http);
}
