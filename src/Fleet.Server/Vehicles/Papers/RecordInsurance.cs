using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Papers;

/// <summary>The vehicle's insurance policy: who insures it, and over which days.</summary>
public sealed record RecordInsurance(Guid VehicleId, RecordInsuranceForm Form) : Command<Vehicle>;

public static class RecordInsuranceHandler
{
    public static Task<Outcome<Vehicle>> Handle(RecordInsurance command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        VehicleStream.DecideAsync(session, command.VehicleId, v => VehicleDocuments.Decide(command.Form, v, clock.GetCurrentInstant()), cancellation);
}

public static class RecordInsuranceEndpoint
{
    [WolverinePost("/api/vehicles/{id}/insurance", OperationId = "RecordInsurance"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, RecordInsuranceForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RecordInsurance(id, form), http);
}
