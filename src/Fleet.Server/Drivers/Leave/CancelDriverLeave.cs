using Fleet.Domain.Drivers;
using Fleet.Domain.People;

namespace Fleet.Server.Drivers.Leave;

/// <summary>The driver's leave is called off, with the reason why; they can be dispatched in its period again.</summary>
public sealed record CancelDriverLeave(Guid DriverId, Guid LeaveId, CancelDriverLeaveForm Form) : Command<Driver>;

public static class CancelDriverLeaveHandler
{
    public static Task<Outcome<Driver>> Handle(CancelDriverLeave command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        DriverStream.DecideAsync(session, command.DriverId, d => DriverLeave.Cancel(
            command.Form, d, command.LeaveId, clock.GetCurrentInstant()), cancellation);
}

public static class CancelDriverLeaveEndpoint
{
    [WolverinePost("/api/drivers/{id}/leave/{leaveId}/cancel", OperationId = "CancelDriverLeave"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> Post(Guid id, Guid leaveId, CancelDriverLeaveForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new CancelDriverLeave(id, leaveId, form), http);
}
