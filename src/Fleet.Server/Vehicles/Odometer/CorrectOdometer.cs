using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Odometer;

/// <summary>The only way a reading goes down: a separate, reasoned event an auditor can find.</summary>
public sealed record CorrectOdometer(Guid VehicleId, decimal? Kilometres, string? Reason) : Command<Vehicle>;

public static class CorrectOdometerHandler
{
    public static Task<Outcome<Vehicle>> Handle(CorrectOdometer command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        if (command.Kilometres is not { } km) return Task.FromResult(Outcome<Vehicle>.Refused(Problem.Required("kilometres")));
        if (VehicleOdometer.OutOfRange(km, "kilometres") is { } outOfRange) return Task.FromResult(Outcome<Vehicle>.Refused(outOfRange));
        var correction = new Fleet.Domain.Vehicles.CorrectOdometer(command.VehicleId, Distance.FromKilometres(km), command.Reason);
        return VehicleStream.DecideAsync(session, command.VehicleId, v => VehicleOdometer.Decide(correction, v, clock.GetCurrentInstant()), cancellation);
    }
}

public static class CorrectOdometerEndpoint
{
    [WolverinePost("/api/vehicles/{id}/odometer/correction", OperationId = "CorrectOdometer"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, OdometerRequest request, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new CorrectOdometer(id, request.Kilometres, request.Reason), http);
}
