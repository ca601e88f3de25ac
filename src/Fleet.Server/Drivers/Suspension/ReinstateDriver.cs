using Fleet.Domain.Drivers;
using Fleet.Domain.People;

namespace Fleet.Server.Drivers.Suspension;

/// <summary>A suspended driver is back on duty, with the reason why.</summary>
public sealed record ReinstateDriver(Guid DriverId, ReinstateDriverForm Form) : Command<Driver>;

public static class ReinstateDriverHandler
{
    public static Task<Outcome<Driver>> Handle(ReinstateDriver command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        DriverStream.DecideAsync(session, command.DriverId, d => DriverSuspension.Reinstate(
            command.Form, d, clock.GetCurrentInstant()), cancellation);
}

public static class ReinstateDriverEndpoint
{
    [WolverinePost("/api/drivers/{id}/reinstate", OperationId = "ReinstateDriver"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> Post(Guid id, ReinstateDriverForm form, HttpContext http,
        IMessageBus bus) =>
        bus.AnswerAsync(new ReinstateDriver(id, form), http);
}
