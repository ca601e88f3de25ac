using Fleet.Domain.Drivers;
using Fleet.Domain.People;

namespace Fleet.Server.Drivers.Phone;

/// <summary>The driver has a new mobile number: the one dispatchers, clerks and passengers call them on from now on.</summary>
public sealed record RecordDriverPhone(Guid DriverId, RecordDriverPhoneForm Form) : Command<Driver>;

public static class RecordDriverPhoneHandler
{
    public static Task<Outcome<Driver>> Handle(RecordDriverPhone command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        DriverStream.DecideAsync(session, command.DriverId, d => DriverPhone.Record(command.Form, d, clock.GetCurrentInstant()), cancellation);
}

public static class RecordDriverPhoneEndpoint
{
    [WolverinePost("/api/drivers/{id}/phone", OperationId = "RecordDriverPhone"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> Post(Guid id, RecordDriverPhoneForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RecordDriverPhone(id, form), http);
}
