using Fleet.Domain.Drivers;
using Fleet.Domain.People;

namespace Fleet.Server.Drivers.Departure;

/// <summary>The driver leaves the pool's service for good, with the reason why; their record closes.</summary>
public sealed record RecordDriverDeparture(Guid DriverId, RecordDriverDepartureForm Form) : Command<Driver>;

public static class RecordDriverDepartureHandler
{
    public static Task<Outcome<Driver>> Handle(RecordDriverDeparture command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        DriverStream.DecideAsync(session, command.DriverId, d => DriverDeparture.Leave(
            command.Form, d, clock.GetCurrentInstant()), cancellation);
}

public static class RecordDriverDepartureEndpoint
{
    [WolverinePost("/api/drivers/{id}/leave-service", OperationId = "RecordDriverDeparture"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> Post(Guid id, RecordDriverDepartureForm form, HttpContext http,
        IMessageBus bus) =>
        bus.AnswerAsync(new RecordDriverDeparture(id, form), http);
}
