using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.Vehicles.Transfer;

/// <summary>
/// Hands the vehicle to another pool: its stream here ends with <see cref="VehicleTransferred"/>, and the same vehicle
/// starts a stream in the receiving pool with the record it carries over, in one transaction.
/// </summary>
public sealed record TransferVehicle(Guid VehicleId, TransferVehicleForm Form) : Command<Vehicle>;

public static class TransferVehicleHandler
{
    public static Task<Outcome<Vehicle>> Handle(TransferVehicle command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        StreamDecisions.MoveToPoolAsync(session, command.VehicleId, command.Form.ToPool, VehicleStream.NotFound(command.VehicleId),
            vehicle => VehicleTransfer.Decide(command.Form, vehicle, clock.GetCurrentInstant()),
            (vehicle, e) => Received(VehicleTransfer.Receive(vehicle, (VehicleTransferred)e)),
            received => Vehicle.From((VehicleReceived)received), cancellation);

    private static (string Pool, object Received) Received(VehicleReceived received) => (received.HomePool, received);
}

public static class TransferVehicleEndpoint
{
    [WolverinePost("/api/vehicles/{id}/transfer", OperationId = "TransferVehicle"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, TransferVehicleForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new TransferVehicle(id, form), http);
}
