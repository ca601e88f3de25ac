using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>Take the vehicle out of service (封存/停用).</summary>
public sealed record RetireVehicle(Guid VehicleId, string? Reason);

/// <summary>Record that the vehicle has left the fleet (处置), with the approval document if there is one.</summary>
public sealed record DisposeOfVehicle(Guid VehicleId, DisposalMethod Method, string? DocumentNumber);

/// <summary>
/// The end of a vehicle's life: retirement stops dispatch but keeps the vehicle on the books; disposal closes
/// the record for good, so that the number of vehicles a unit holds can be audited against its quota.
/// </summary>
public static class VehicleRetirement
{
    public static Decision Decide(RetireVehicle command, Vehicle vehicle, Instant now)
    {
        switch (vehicle.Status)
        {
            case VehicleStatus.Disposed:
                return Decision.Refuse(VehicleProblems.Disposed());
            case VehicleStatus.Retired:
                return Decision.Refuse(Problem.Conflict("vehicle.already_retired", "This vehicle is already retired."));
        }

        var problems = new List<Problem>();
        var reason = TextRules.Check(command.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new VehicleRetired(vehicle.Id, reason!, now));
    }

    /// <summary>
    /// A vehicle need not be retired first: a car written off in an accident is scrapped straight from service.
    /// </summary>
    public static Decision Decide(DisposeOfVehicle command, Vehicle vehicle, Instant now)
    {
        if (vehicle.Status == VehicleStatus.Disposed) return Decision.Refuse(VehicleProblems.Disposed());

        var problems = new List<Problem>();
        var document = TextRules.Check(command.DocumentNumber, "documentNumber", TextRules.ReferenceMaxLength, required: false, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new VehicleDisposed(vehicle.Id, command.Method, document, now));
    }
}
