using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.Drivers.Transfer;

/// <summary>The driver's stream here ends with the transfer; the same driver starts a stream in the receiving pool.</summary>
public sealed record TransferDriver(Guid DriverId, TransferDriverForm Form) : Command<Driver>;

public static class TransferDriverHandler
{
    public static Task<Outcome<Driver>> Handle(TransferDriver command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        return StreamDecisions.MoveToPoolAsync(session, command.DriverId, command.Form.ToPool, DriverStream.NotFound(command.DriverId),
            driver => DriverTransfer.Transfer(command.Form, driver, clock.GetCurrentInstant()),
            (driver, e) => Received(DriverTransfer.Receive(driver, (DriverTransferred)e)),
            received => Driver.From((DriverReceived)received), cancellation);
    }

    private static (string Pool, object Received) Received(DriverReceived received) => (received.Pool, received);
}

public static class TransferDriverEndpoint
{
    [WolverinePost("/api/drivers/{id}/transfer", OperationId = "TransferDriver"), Tags("Drivers")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Driver>, ProblemHttpResult>> Post(Guid id, TransferDriverForm form, HttpContext http,
        IMessageBus bus) =>
        bus.AnswerAsync(new TransferDriver(id, form), http);
}
