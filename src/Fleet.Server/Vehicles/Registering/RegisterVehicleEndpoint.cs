using System.Security.Claims;
using Fleet.Domain.Common;
using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using Fleet.Server.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
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
    /// <summary>
    /// A fleet admin registers a vehicle into their own pool. The pool comes from the sign-in; a form naming
    /// another pool is refused rather than silently redirected.
    /// </summary>
    [WolverinePost("/api/vehicles", OperationId = "RegisterVehicle"), Tags("Vehicles")]
    [EndpointSummary("Register a vehicle in its home pool")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static async Task<Results<Created<VehicleRegistrationAccepted>, ProblemHttpResult>> Post(
        RegisterVehicleForm form, ClaimsPrincipal user, IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        if (actor.RefusesPool(form.HomePool) is { } outOfScope) return FleetProblems.From([outOfScope], text);

        var (command, problems) = VehicleRegistration.Validate(form with { HomePool = actor.Pool });
        if (command is null) return FleetProblems.From(problems, text);

        var plateTaken = await session.Query<VehicleSummary>().AnyAsync(v => v.Plate == command.Plate.Value, cancellation);
        var vehicleId = Guid.CreateVersion7();
        var decision = VehicleRegistration.Decide(command, vehicleId, plateTaken, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return FleetProblems.From(decision.Problems, text);

        session.Events.StartStream(vehicleId, decision.Events);
        return TypedResults.Created($"/api/vehicles/{vehicleId}", new VehicleRegistrationAccepted(vehicleId, command.Plate.Value));
    }
}
