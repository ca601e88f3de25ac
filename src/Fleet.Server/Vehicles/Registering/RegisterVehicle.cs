using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using Fleet.Projections.VehicleRegistry;

namespace Fleet.Server.Vehicles.Registering;

/// <summary>
/// A fleet admin registers a vehicle into their own pool. The pool comes from the sign-in; a form naming another pool
/// is refused rather than silently redirected.
/// </summary>
public sealed record RegisterVehicle(RegisterVehicleForm Form) : Command<VehicleRegistrationAccepted>;

public sealed record VehicleRegistrationAccepted(Guid VehicleId, string Plate);

public static class RegisterVehicleHandler
{
    public static async Task<Outcome<VehicleRegistrationAccepted>> Handle(RegisterVehicle command, IDocumentSession session, IClock clock,
        CancellationToken cancellation)
    {
        var actor = command.By;
        if (actor.RefusesPool(command.Form.HomePool) is { } outOfScope) return Outcome<VehicleRegistrationAccepted>.Refused(outOfScope);

        var (particulars, problems) = VehicleRegistration.Validate(command.Form with { HomePool = actor.Pool });
        if (particulars is null) return Outcome<VehicleRegistrationAccepted>.Refused(problems);

        var plateTaken = await session.Query<VehicleSummary>().AnyAsync(v => v.Plate == particulars.Plate.Value, cancellation);
        var vehicleId = Guid.CreateVersion7();
        var decision = VehicleRegistration.Decide(particulars, vehicleId, plateTaken, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return Outcome<VehicleRegistrationAccepted>.Refused(decision.Problems);

        session.Events.StartStream(vehicleId, decision.Events);
        return new VehicleRegistrationAccepted(vehicleId, particulars.Plate.Value);
    }
}

public static class RegisterVehicleEndpoint
{
    [WolverinePost("/api/vehicles", OperationId = "RegisterVehicle"), Tags("Vehicles")]
    [EndpointSummary("Register a vehicle in its home pool")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Created<VehicleRegistrationAccepted>, ProblemHttpResult>> Post(RegisterVehicleForm form, HttpContext http, IMessageBus bus) =>
        bus.CreatedAsync(new RegisterVehicle(form), http, accepted => $"/api/vehicles/{accepted.VehicleId}");
}
