using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Papers;

/// <summary>The vehicle passed its annual inspection: until when its certificate lets it on the road.</summary>
public sealed record RecordAnnualInspection(Guid VehicleId, RecordAnnualInspectionForm Form) : Command<Vehicle>;

public static class RecordAnnualInspectionHandler
{
    public static Task<Outcome<Vehicle>> Handle(RecordAnnualInspection command, IDocumentSession session, IClock clock, DateTimeZone zone,
        CancellationToken cancellation) =>
        VehicleStream.DecideAsync(session, command.VehicleId,
            v => VehicleDocuments.Decide(command.Form, v, clock.GetCurrentInstant(), zone), cancellation);
}

public static class RecordAnnualInspectionEndpoint
{
    [WolverinePost("/api/vehicles/{id}/inspection", OperationId = "RecordAnnualInspection"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, RecordAnnualInspectionForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RecordAnnualInspection(id, form), http);
}
