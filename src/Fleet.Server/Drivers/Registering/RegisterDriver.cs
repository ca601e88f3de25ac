using Fleet.Domain.Drivers;
using Fleet.Domain.People;

namespace Fleet.Server.Drivers.Registering;

/// <summary>
/// A fleet admin registers a driver of their own pool from the licence and the staff list. The pool comes from the
/// sign-in; a form naming another pool is refused rather than silently redirected.
/// </summary>
public sealed record RegisterDriver(RegisterDriverForm Form) : Command<DriverRegisteredResponse>;

public sealed record DriverRegisteredResponse(Guid DriverId, string Name);

public static class RegisterDriverHandler
{
    public static Outcome<DriverRegisteredResponse> Handle(RegisterDriver command, IDocumentSession session, IClock clock, DateTimeZone zone)
    {
        var actor = command.By;
        if (actor.RefusesPool(command.Form.Pool) is { } outOfScope) return Outcome<DriverRegisteredResponse>.Refused(outOfScope);

        var (particulars, problems) = DriverRegistration.Validate(command.Form with { Pool = actor.Pool });
        if (particulars is null) return Outcome<DriverRegisteredResponse>.Refused(problems);

        var driverId = Guid.CreateVersion7();
        var decision = DriverRegistration.Decide(particulars, driverId, zone, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return Outcome<DriverRegisteredResponse>.Refused(decision.Problems);

        session.Events.StartStream<Driver>(driverId, decision.Events);
        return new DriverRegisteredResponse(driverId, particulars.Name);
    }
}

public static class RegisterDriverEndpoint
{
    [WolverinePost("/api/drivers", OperationId = "RegisterDriver"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Created<DriverRegisteredResponse>, ProblemHttpResult>> Post(RegisterDriverForm form, HttpContext http, IMessageBus bus) =>
        bus.CreatedAsync(new RegisterDriver(form), http, registered => $"/api/drivers/{registered.DriverId}");
}
