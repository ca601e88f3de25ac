using Fleet.Domain.Common;
using Fleet.Domain.Positions;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>Why the vehicle is taken out of service (封存/停用).</summary>
public sealed record RetireVehicleForm(string? Reason);

/// <summary>How the vehicle has left the fleet (处置), as a code of <see cref="DisposalMethod"/>, with the approval document if there is one.</summary>
public sealed record DisposeOfVehicleForm(string? Method, string? DocumentNumber);

/// <summary>
/// The end of a vehicle's life: retirement stops dispatch but keeps the vehicle on the books; disposal closes
/// the record for good, so that the number of vehicles a unit holds can be audited against its quota.
/// </summary>
public static class VehicleRetirement
{
    public static Decision Decide(RetireVehicleForm form, Vehicle vehicle, Instant now)
    {
        switch (vehicle.Status)
        {
            case VehicleStatus.Disposed:
                return Decision.Refuse(VehicleProblems.Disposed());
            case VehicleStatus.Retired:
                return Decision.Refuse(Problem.Conflict("vehicle.already_retired", "This vehicle is already retired."));
        }

        var problems = new List<Problem>();
        var reason = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new VehicleRetired(vehicle.Id, reason!, now));
    }

    /// <summary>
    /// A vehicle need not be retired first: a car written off in an accident is scrapped straight from service.
    /// </summary>
    public static Decision Decide(DisposeOfVehicleForm form, Vehicle vehicle, Instant now)
    {
        // A method that is no way of disposal is refused whatever the vehicle's state: the form is wrong either way.
        if (string.IsNullOrWhiteSpace(form.Method)) return Decision.Refuse(Problem.Required("method"));
        if (!CodeList.TryParse(form.Method, VehicleLifeTerms.DisposalMethods, out DisposalMethod method))
            return Decision.Refuse(Problem.Invalid("vehicle.disposal_method_invalid", "method",
                "'{0}' is not a way of disposal: use one of {1}.", form.Method, CodeList.Describe<DisposalMethod>()));
        if (vehicle.Status == VehicleStatus.Disposed) return Decision.Refuse(VehicleProblems.Disposed());
        if (TerminalBinding.RefusesLeaving(vehicle) is { } terminal) return Decision.Refuse(terminal);

        var problems = new List<Problem>();
        var document = TextRules.Check(form.DocumentNumber, "documentNumber", TextRules.ReferenceMaxLength, required: false, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new VehicleDisposed(vehicle.Id, method, document, now));
    }
}
