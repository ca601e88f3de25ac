using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Disposal;

/// <summary>The vehicle leaves the pool's property, how and under which approval document; its record closes.</summary>
public sealed record DisposeOfVehicle(Guid VehicleId, string? Method, string? DocumentNumber) : Command<Vehicle>;

public sealed record DisposeRequest(string? Method, string? DocumentNumber);

public static class DisposeOfVehicleHandler
{
    public static Task<Outcome<Vehicle>> Handle(DisposeOfVehicle command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(command.Method)) return Task.FromResult(Outcome<Vehicle>.Refused(Problem.Required("method")));
        if (!CodeList.TryParse(command.Method, VehicleLifeTerms.DisposalMethods, out DisposalMethod method))
            return Task.FromResult(Outcome<Vehicle>.Refused(Problem.Invalid("vehicle.disposal_method_invalid", "method",
                "'{0}' is not a way of disposal: use one of {1}.", command.Method, CodeList.Describe<DisposalMethod>())));

        var disposal = new Fleet.Domain.Vehicles.DisposeOfVehicle(command.VehicleId, method, command.DocumentNumber);
        return VehicleStream.DecideAsync(session, command.VehicleId, v => VehicleRetirement.Decide(disposal, v, clock.GetCurrentInstant()), cancellation);
    }
}

public static class DisposeOfVehicleEndpoint
{
    [WolverinePost("/api/vehicles/{id}/dispose", OperationId = "DisposeOfVehicle"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, DisposeRequest request, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new DisposeOfVehicle(id, request.Method, request.DocumentNumber), http);
}
