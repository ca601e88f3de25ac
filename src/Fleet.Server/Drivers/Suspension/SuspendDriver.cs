using Fleet.Domain.Drivers;
using Fleet.Domain.People;

namespace Fleet.Server.Drivers.Suspension;

/// <summary>The driver is taken off duty, with the reason why; dispatch no longer offers them.</summary>
public sealed record SuspendDriver(Guid DriverId, SuspendDriverForm Form) : Command<Driver>;

public static class SuspendDriverHandler
{
    public static Task<Outcome<Driver>> Handle(SuspendDriver command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        DriverStream.DecideAsync(session, command.DriverId, d => DriverSuspension.Suspend(
            command.Form, d, clock.GetCurrentInstant()), cancellation);
}

public static class SuspendDriverEndpoint
{
    [WolverinePost("/api/drivers/{id}/suspend", OperationId = "SuspendDriver"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> Post(Guid id, SuspendDriverForm form, HttpContext http,
        IMessageBus bus) =>
        bus.AnswerAsync(new SuspendDriver(id, form), http);
}
