using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Vehicles.Maintenance;

/// <summary>Books the vehicle into the workshop for a planned period; dispatch plans around it from then on.</summary>
public sealed record ScheduleMaintenance(Guid VehicleId, Instant? Start, Instant? End, string? Kind, string? Note) : Command<Vehicle>;

public sealed record ScheduleMaintenanceRequest(Instant? Start, Instant? End, string? Kind, string? Note);

public static class ScheduleMaintenanceHandler
{
    public static Task<Outcome<Vehicle>> Handle(ScheduleMaintenance command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        if (command.Start is null) problems.Add(Problem.Required("start"));
        if (command.End is null) problems.Add(Problem.Required("end"));
        MaintenanceKind kind = default;
        if (string.IsNullOrWhiteSpace(command.Kind)) problems.Add(Problem.Required("kind"));
        else if (!CodeList.TryParse(command.Kind, VehicleLifeTerms.MaintenanceKinds, out kind))
            problems.Add(Problem.Invalid("vehicle.maintenance_kind_invalid", "kind", "'{0}' is not a kind of maintenance: use one of {1}.",
                command.Kind, CodeList.Describe<MaintenanceKind>()));
        if (command is { Start: { } s, End: { } e } && e <= s)
            problems.Add(Problem.Invalid("vehicle.maintenance_interval_invalid", "end", "Maintenance needs a planned start and an end after it."));
        if (problems.Count > 0) return Task.FromResult(Outcome<Vehicle>.Refused(problems));

        var booking = new Fleet.Domain.Vehicles.ScheduleMaintenance(command.VehicleId, Guid.CreateVersion7(),
            new Interval(command.Start!.Value, command.End!.Value), kind, command.Note);
        return VehicleStream.DecideAsync(session, command.VehicleId, v => VehicleMaintenance.Decide(booking, v, clock.GetCurrentInstant()), cancellation);
    }
}

public static class ScheduleMaintenanceEndpoint
{
    [WolverinePost("/api/vehicles/{id}/maintenance", OperationId = "ScheduleMaintenance"), Tags("Vehicles")]
    [Authorize(Roles = nameof(Role.FleetAdmin)), LosesRaces]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Post(Guid id, ScheduleMaintenanceRequest request, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ScheduleMaintenance(id, request.Start, request.End, request.Kind, request.Note), http);
}
