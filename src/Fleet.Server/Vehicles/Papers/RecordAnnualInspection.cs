using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Papers;

/// <summary>The vehicle passed its annual inspection: until when its certificate lets it on the road.</summary>
public sealed record RecordAnnualInspection(Guid VehicleId, LocalDate? InspectedOn, LocalDate? ValidUntil, string? CertificateNumber)
    : Command<Vehicle>;

public sealed record RecordInspectionRequest(LocalDate? InspectedOn, LocalDate? ValidUntil, string? CertificateNumber);

public static class RecordAnnualInspectionHandler
{
    public static Task<Outcome<Vehicle>> Handle(RecordAnnualInspection command, IDocumentSession session, IClock clock, DateTimeZone zone,
        CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        if (command.InspectedOn is null) problems.Add(Problem.Required("inspectedOn"));
        if (command.ValidUntil is null) problems.Add(Problem.Required("validUntil"));
        if (problems.Count > 0) return Task.FromResult(Outcome<Vehicle>.Refused(problems));

        var inspection = new Fleet.Domain.Vehicles.RecordAnnualInspection(command.VehicleId, command.InspectedOn!.Value, command.ValidUntil!.Value,
            command.CertificateNumber);
        return VehicleStream.DecideAsync(session, command.VehicleId, v => VehicleDocuments.Decide(inspection, v, clock.GetCurrentInstant(), zone),
            cancellation);
    }
}

public static class RecordAnnualInspectionEndpoint
{
    [WolverinePost("/api/vehicles/{id}/inspection", OperationId = "RecordAnnualInspection"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, RecordInspectionRequest request, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RecordAnnualInspection(id, request.InspectedOn, request.ValidUntil, request.CertificateNumber), http);
}
