using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>Record the annual inspection certificate (年检合格) as issued.</summary>
public sealed record RecordAnnualInspection(Guid VehicleId, LocalDate InspectedOn, LocalDate ValidUntil, string? CertificateNumber);

/// <summary>Record a motor insurance policy as printed.</summary>
public sealed record RecordInsurance(Guid VehicleId, string? Insurer, string? PolicyNumber, LocalDate ValidFrom, LocalDate ValidUntil);

/// <summary>
/// The papers a vehicle needs to be on the road. Their dates are calendar days where the fleet is, which is
/// why the decisions that compare them with the present take the fleet's time zone.
/// </summary>
public static class VehicleDocuments
{
    /// <summary>An inspection is recorded after it took place; a certificate dated tomorrow is a typing error.</summary>
    public static Decision Decide(RecordAnnualInspection command, Vehicle vehicle, Instant now, DateTimeZone zone)
    {
        if (vehicle.Status == VehicleStatus.Disposed) return Decision.Refuse(VehicleProblems.Disposed());

        var problems = new List<Problem>();
        var today = now.InZone(zone).Date;
        if (command.InspectedOn > today)
            problems.Add(Problem.Invalid("vehicle.inspection_in_future", "inspectedOn",
                "The inspection on {0} has not taken place yet: today is {1}.", command.InspectedOn, today));
        if (command.ValidUntil <= command.InspectedOn)
            problems.Add(Problem.Invalid("vehicle.inspection_dates_invalid", "validUntil",
                "An inspection is valid until a day after it took place; {0} is not after {1}.", command.ValidUntil, command.InspectedOn));

        var certificate = TextRules.Check(command.CertificateNumber, "certificateNumber", TextRules.ReferenceMaxLength, required: false, problems);

        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new AnnualInspectionRecorded(vehicle.Id, command.InspectedOn, command.ValidUntil, certificate, now));
    }

    /// <summary>A policy may be recorded before it starts: renewals are usually bought ahead.</summary>
    public static Decision Decide(RecordInsurance command, Vehicle vehicle, Instant now)
    {
        if (vehicle.Status == VehicleStatus.Disposed) return Decision.Refuse(VehicleProblems.Disposed());

        var problems = new List<Problem>();
        var insurer = TextRules.Check(command.Insurer, "insurer", TextRules.ReferenceMaxLength, required: true, problems);
        var policyNumber = TextRules.Check(command.PolicyNumber, "policyNumber", TextRules.ReferenceMaxLength, required: true, problems);
        if (command.ValidUntil <= command.ValidFrom)
            problems.Add(Problem.Invalid("vehicle.insurance_dates_invalid", "validUntil",
                "A policy is valid until a day after it starts; {0} is not after {1}.", command.ValidUntil, command.ValidFrom));

        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new InsuranceRecorded(vehicle.Id, insurer!, policyNumber!, command.ValidFrom, command.ValidUntil, now));
    }
}
