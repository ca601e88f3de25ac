using Fleet.Domain.People;
using Fleet.Domain.Records;
using Fleet.Domain.Vehicles;
using Fleet.Server.Vehicles;

namespace Fleet.Server.Records.FuelFigures;

/// <summary>The fleet admin records what the car's tank holds and what it burns: fuel-card purchases are held against them.</summary>
public sealed record RecordFuelFigures(Guid VehicleId, RecordFuelFiguresForm Form) : Command<Vehicle>;

public static class RecordFuelFiguresHandler
{
    public static Task<Outcome<Vehicle>> Handle(RecordFuelFigures command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        VehicleStream.DecideAsync(session, command.VehicleId,
            v => FuelFiguresRecording.Record(command.Form, v, command.By.UserId, clock.GetCurrentInstant()), cancellation);
}

public static class RecordFuelFiguresEndpoint
{
    [WolverinePost("/api/vehicles/{id}/fuel-figures", OperationId = "RecordFuelFigures"), Tags("Vehicles")]
    [EndpointSummary("Record the vehicle's tank capacity and fuel consumption")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, RecordFuelFiguresForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RecordFuelFigures(id, form), http);
}
