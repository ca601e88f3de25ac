using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Odometer;

/// <summary>A fleet admin writes down what the vehicle's odometer shows; a reading never goes down.</summary>
public sealed record ReadOdometer(Guid VehicleId, decimal? Kilometres) : Command<Vehicle>;

public static class ReadOdometerHandler
{
    public static Task<Outcome<Vehicle>> Handle(ReadOdometer command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        if (command.Kilometres is not { } km) return Task.FromResult(Outcome<Vehicle>.Refused(Problem.Required("kilometres")));
        if (VehicleOdometer.OutOfRange(km, "kilometres") is { } outOfRange) return Task.FromResult(Outcome<Vehicle>.Refused(outOfRange));
        var reading = new Fleet.Domain.Vehicles.ReadOdometer(command.VehicleId, Distance.FromKilometres(km), OdometerSource.Manual);
        return VehicleStream.DecideAsync(session, command.VehicleId, v => VehicleOdometer.Decide(reading, v, clock.GetCurrentInstant()), cancellation);
    }
}

public static class ReadOdometerEndpoint
{
    [WolverinePost("/api/vehicles/{id}/odometer", OperationId = "ReadOdometer"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, OdometerRequest request, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ReadOdometer(id, request.Kilometres), http);
}
