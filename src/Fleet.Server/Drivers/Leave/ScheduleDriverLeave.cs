using Fleet.Domain.Drivers;
using Fleet.Domain.People;

namespace Fleet.Server.Drivers.Leave;

/// <summary>The driver will be away for a period: dispatch plans around it from then on.</summary>
public sealed record ScheduleDriverLeave(Guid DriverId, ScheduleDriverLeaveForm Form) : Command<LeaveScheduledResponse>;

public sealed record LeaveScheduledResponse(Guid LeaveId, Driver Driver);

public static class ScheduleDriverLeaveHandler
{
    public static async Task<Outcome<LeaveScheduledResponse>> Handle(ScheduleDriverLeave command, IDocumentSession session, IClock clock,
        DateTimeZone zone, CancellationToken cancellation)
    {
        var leaveId = Guid.CreateVersion7();
        var scheduled = await DriverStream.DecideAsync(session, command.DriverId,
            d => DriverLeave.Schedule(command.Form, d, leaveId, zone, clock.GetCurrentInstant()), cancellation);
        return scheduled.Accepted ? new LeaveScheduledResponse(leaveId, scheduled.Value!) : Outcome<LeaveScheduledResponse>.Refused(scheduled.Problems);
    }
}

public static class ScheduleDriverLeaveEndpoint
{
    [WolverinePost("/api/drivers/{id}/leave", OperationId = "ScheduleDriverLeave"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Created<LeaveScheduledResponse>, ProblemHttpResult>> Post(Guid id, ScheduleDriverLeaveForm form,
        HttpContext http, IMessageBus bus) =>
        bus.CreatedAsync(new ScheduleDriverLeave(id, form), http, _ => $"/api/drivers/{id}");
}
