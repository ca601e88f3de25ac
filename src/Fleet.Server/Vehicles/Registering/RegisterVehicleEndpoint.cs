using Fleet.Domain.Vehicles;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Wolverine.Http;

namespace Fleet.Server.Vehicles.Registering;

public sealed record VehicleRegistrationAccepted(Guid VehicleId, string Plate);

public static class RegisterVehicleEndpoint
{
    [WolverinePost("/api/vehicles", OperationId = "RegisterVehicle"), Tags("Vehicles")]
    [EndpointSummary("Register a vehicle in its home pool")]
    public static async Task<Results<Created<VehicleRegistrationAccepted>, ProblemHttpResult>> Post(
        RegisterVehicleForm form, IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var (command, problems) = VehicleRegistration.Validate(form);
        if (command is null) return FleetProblems.From(problems, text);

        var plateTaken = await session.Query<VehicleSummary>().AnyAsync(v => v.Plate == command.Plate.Value, cancellation);
        var vehicleId = Guid.CreateVersion7();
        var decision = VehicleRegistration.Decide(command, vehicleId, plateTaken, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return FleetProblems.From(decision.Problems, text);

        session.Events.StartStream(vehicleId, decision.Events);
        return TypedResults.Created($"/api/vehicles/{vehicleId}", new VehicleRegistrationAccepted(vehicleId, command.Plate.Value));
    }
}
