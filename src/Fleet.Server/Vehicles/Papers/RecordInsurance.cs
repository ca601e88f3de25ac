using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Papers;

/// <summary>The vehicle's insurance policy: who insures it, and over which days.</summary>
public sealed record RecordInsurance(Guid VehicleId, string? Insurer, string? PolicyNumber, LocalDate? ValidFrom, LocalDate? ValidUntil)
    : Command<Vehicle>;

public sealed record RecordInsuranceRequest(string? Insurer, string? PolicyNumber, LocalDate? ValidFrom, LocalDate? ValidUntil);

public static class RecordInsuranceHandler
{
    public static Task<Outcome<Vehicle>> Handle(RecordInsurance command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        if (command.ValidFrom is null) problems.Add(Problem.Required("validFrom"));
        if (command.ValidUntil is null) problems.Add(Problem.Required("validUntil"));
        if (problems.Count > 0) return Task.FromResult(Outcome<Vehicle>.Refused(problems));

        var insurance = new Fleet.Domain.Vehicles.RecordInsurance(command.VehicleId, command.Insurer, command.PolicyNumber, command.ValidFrom!.Value,
            command.ValidUntil!.Value);
        return VehicleStream.DecideAsync(session, command.VehicleId, v => VehicleDocuments.Decide(insurance, v, clock.GetCurrentInstant()), cancellation);
    }
}

public static class RecordInsuranceEndpoint
{
    [WolverinePost("/api/vehicles/{id}/insurance", OperationId = "RecordInsurance"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, RecordInsuranceRequest request, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RecordInsurance(id, request.Insurer, request.PolicyNumber, request.ValidFrom, request.ValidUntil), http);
}
