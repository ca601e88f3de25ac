using Fleet.Domain.Common;
using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Marten;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Wolverine.Http;

namespace Fleet.Server.Vehicles.Maintaining;

public sealed record ScheduleMaintenanceRequest(Instant? Start, Instant? End, string? Kind, string? Note);

public sealed record CompleteMaintenanceRequest(decimal? OdometerKm);

public sealed record ReasonRequest(string? Reason);

public sealed record RecordInspectionRequest(LocalDate? InspectedOn, LocalDate? ValidUntil, string? CertificateNumber);

public sealed record RecordInsuranceRequest(string? Insurer, string? PolicyNumber, LocalDate? ValidFrom, LocalDate? ValidUntil);

public sealed record OdometerRequest(decimal? Kilometres, string? Reason);

public sealed record DisposeRequest(string? Method, string? DocumentNumber);

public sealed record TransferRequest(string? ToPool, string? Reason);

/// <summary>
/// A vehicle's life in its pool's registry: workshop, papers, odometer, retirement and disposal. Each change
/// is an event on the vehicle's stream; the pool's fleet admins make them, within their own pool only.
/// </summary>
[Authorize(Roles = nameof(Role.FleetAdmin))]
public static class VehicleLifeEndpoints
{
    [WolverinePost("/api/vehicles/{id}/maintenance", OperationId = "ScheduleMaintenance"), Tags("Vehicles")]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Schedule(Guid id, ScheduleMaintenanceRequest request,
        IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        if (request.Start is null) problems.Add(Problem.Required("start"));
        if (request.End is null) problems.Add(Problem.Required("end"));
        MaintenanceKind kind = default;
        if (string.IsNullOrWhiteSpace(request.Kind)) problems.Add(Problem.Required("kind"));
        else if (!CodeList.TryParse(request.Kind, VehicleLifeTerms.MaintenanceKinds, out kind))
            problems.Add(Problem.Invalid("vehicle.maintenance_kind_invalid", "kind", "'{0}' is not a kind of maintenance: use one of {1}.",
                request.Kind, CodeList.Describe<MaintenanceKind>()));
        if (request is { Start: { } s, End: { } e } && e <= s)
            problems.Add(Problem.Invalid("vehicle.maintenance_interval_invalid", "end", "Maintenance needs a planned start and an end after it."));
        if (problems.Count > 0) return Refused(problems, text);

        var command = new ScheduleMaintenance(id, Guid.CreateVersion7(), new Interval(request.Start!.Value, request.End!.Value), kind, request.Note);
        return Decide(id, session, text, v => VehicleMaintenance.Decide(command, v, clock.GetCurrentInstant()), cancellation);
    }

    [WolverinePost("/api/vehicles/{id}/maintenance/{maintenanceId}/start", OperationId = "StartMaintenance"), Tags("Vehicles")]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Start(Guid id, Guid maintenanceId, IDocumentSession session, IClock clock,
        ProblemText text, CancellationToken cancellation) =>
        Decide(id, session, text, v => VehicleMaintenance.Decide(new StartMaintenance(id, maintenanceId), v, clock.GetCurrentInstant()), cancellation);

    [WolverinePost("/api/vehicles/{id}/maintenance/{maintenanceId}/complete", OperationId = "CompleteMaintenance"), Tags("Vehicles")]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Complete(Guid id, Guid maintenanceId, CompleteMaintenanceRequest request,
        IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        if (request.OdometerKm is { } typed && VehicleOdometer.OutOfRange(typed, "odometerKm") is { } outOfRange) return Refused([outOfRange], text);
        var odometer = request.OdometerKm is { } km ? Distance.FromKilometres(km) : (Distance?)null;
        return Decide(id, session, text,
            v => VehicleMaintenance.Decide(new CompleteMaintenance(id, maintenanceId, odometer), v, clock.GetCurrentInstant()), cancellation);
    }

    [WolverinePost("/api/vehicles/{id}/maintenance/{maintenanceId}/cancel", OperationId = "CancelMaintenance"), Tags("Vehicles")]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Cancel(Guid id, Guid maintenanceId, ReasonRequest request,
        IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation) =>
        Decide(id, session, text,
            v => VehicleMaintenance.Decide(new CancelMaintenance(id, maintenanceId, request.Reason), v, clock.GetCurrentInstant()), cancellation);

    [WolverinePost("/api/vehicles/{id}/inspection", OperationId = "RecordAnnualInspection"), Tags("Vehicles")]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Inspection(Guid id, RecordInspectionRequest request,
        IDocumentSession session, IClock clock, DateTimeZone zone, ProblemText text, CancellationToken cancellation)
    {
        var problems = Missing(("inspectedOn", request.InspectedOn), ("validUntil", request.ValidUntil));
        if (problems.Count > 0) return Refused(problems, text);

        var command = new RecordAnnualInspection(id, request.InspectedOn!.Value, request.ValidUntil!.Value, request.CertificateNumber);
        return Decide(id, session, text, v => VehicleDocuments.Decide(command, v, clock.GetCurrentInstant(), zone), cancellation);
    }

    [WolverinePost("/api/vehicles/{id}/insurance", OperationId = "RecordInsurance"), Tags("Vehicles")]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Insurance(Guid id, RecordInsuranceRequest request,
        IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var problems = Missing(("validFrom", request.ValidFrom), ("validUntil", request.ValidUntil));
        if (problems.Count > 0) return Refused(problems, text);

        var command = new RecordInsurance(id, request.Insurer, request.PolicyNumber, request.ValidFrom!.Value, request.ValidUntil!.Value);
        return Decide(id, session, text, v => VehicleDocuments.Decide(command, v, clock.GetCurrentInstant()), cancellation);
    }

    [WolverinePost("/api/vehicles/{id}/odometer", OperationId = "ReadOdometer"), Tags("Vehicles")]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Odometer(Guid id, OdometerRequest request, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation)
    {
        if (request.Kilometres is not { } km) return Refused([Problem.Required("kilometres")], text);
        if (VehicleOdometer.OutOfRange(km, "kilometres") is { } outOfRange) return Refused([outOfRange], text);
        var command = new ReadOdometer(id, Distance.FromKilometres(km), OdometerSource.Manual);
        return Decide(id, session, text, v => VehicleOdometer.Decide(command, v, clock.GetCurrentInstant()), cancellation);
    }

    /// <summary>The only way a reading goes down: a separate, reasoned event an auditor can find.</summary>
    [WolverinePost("/api/vehicles/{id}/odometer/correction", OperationId = "CorrectOdometer"), Tags("Vehicles")]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> CorrectOdometer(Guid id, OdometerRequest request, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation)
    {
        if (request.Kilometres is not { } km) return Refused([Problem.Required("kilometres")], text);
        if (VehicleOdometer.OutOfRange(km, "kilometres") is { } outOfRange) return Refused([outOfRange], text);
        var command = new CorrectOdometer(id, Distance.FromKilometres(km), request.Reason);
        return Decide(id, session, text, v => VehicleOdometer.Decide(command, v, clock.GetCurrentInstant()), cancellation);
    }

    [WolverinePost("/api/vehicles/{id}/retire", OperationId = "RetireVehicle"), Tags("Vehicles")]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Retire(Guid id, ReasonRequest request, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation) =>
        Decide(id, session, text, v => VehicleRetirement.Decide(new RetireVehicle(id, request.Reason), v, clock.GetCurrentInstant()), cancellation);

    [WolverinePost("/api/vehicles/{id}/dispose", OperationId = "DisposeOfVehicle"), Tags("Vehicles")]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> DisposeOf(Guid id, DisposeRequest request, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(request.Method)) return Refused([Problem.Required("method")], text);
        if (!CodeList.TryParse(request.Method, VehicleLifeTerms.DisposalMethods, out DisposalMethod method))
            return Refused([Problem.Invalid("vehicle.disposal_method_invalid", "method", "'{0}' is not a way of disposal: use one of {1}.",
                request.Method, CodeList.Describe<DisposalMethod>())], text);

        return Decide(id, session, text,
            v => VehicleRetirement.Decide(new DisposeOfVehicle(id, method, request.DocumentNumber), v, clock.GetCurrentInstant()), cancellation);
    }

    /// <summary>
    /// Hands the vehicle to another pool: its stream here ends with <see cref="VehicleTransferred"/>, and the same
    /// vehicle starts a stream in the receiving pool with the record it carries over, in one transaction.
    /// </summary>
    [WolverinePost("/api/vehicles/{id}/transfer", OperationId = "TransferVehicle"), Tags("Vehicles")]
    public static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Transfer(Guid id, TransferRequest request, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(request.ToPool)) return Refused([Problem.Required("toPool")], text);
        PoolCode.TryParse(request.ToPool, out var toPool);
        return StreamDecisions.MoveToPoolAsync(session, id, request.ToPool, NotFound(id),
            vehicle => VehicleTransfer.Decide(new TransferVehicle(id, toPool, request.Reason), vehicle, clock.GetCurrentInstant()),
            (vehicle, e) => Received(VehicleTransfer.Receive(vehicle, (VehicleTransferred)e)),
            received => Vehicle.Create((VehicleReceived)received), text, cancellation);
    }

    private static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Decide(Guid id, IDocumentSession session, ProblemText text,
        Func<Vehicle, Decision> decide, CancellationToken cancellation) =>
        StreamDecisions.DecideAsync(session, id, NotFound(id), decide, (vehicle, e) => vehicle.Evolve(e), text, cancellation);

    private static (string Pool, object Received) Received(VehicleReceived received) => (received.HomePool, received);

    private static Problem NotFound(Guid id) => Problem.NotFound("vehicle.not_found", "There is no vehicle {0}.", id);

    private static List<Problem> Missing(params (string Field, object? Value)[] fields) =>
        fields.Where(f => f.Value is null).Select(f => Problem.Required(f.Field)).ToList();

    private static Task<Results<Ok<Vehicle>, ProblemHttpResult>> Refused(IReadOnlyList<Problem> problems, ProblemText text) =>
        Task.FromResult<Results<Ok<Vehicle>, ProblemHttpResult>>(FleetProblems.From(problems, text));
}
