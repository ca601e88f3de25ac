using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>The annual inspection certificate (年检合格) as copied from the paper.</summary>
public sealed record RecordAnnualInspectionForm(LocalDate? InspectedOn, LocalDate? ValidUntil, string? CertificateNumber);

/// <summary>A motor insurance policy as copied from the paper.</summary>
public sealed record RecordInsuranceForm(string? Insurer, string? PolicyNumber, LocalDate? ValidFrom, LocalDate? ValidUntil);

/// <summary>
/// The papers a vehicle needs to be on the road. Their dates are calendar days where the fleet is, which is
/// why the decisions that compare them with the present take the fleet's time zone.
/// </summary>
public static class VehicleDocuments
{
    /// <summary>An inspection is recorded after it took place; a certificate dated tomorrow is a typing error.</summary>
    public static Decision Decide(RecordAnnualInspectionForm form, Vehicle vehicle, Instant now, DateTimeZone zone)
    {
        var problems = new List<Problem>();
        if (form.InspectedOn is null) problems.Add(Problem.Required("inspectedOn"));
        if (form.ValidUntil is null) problems.Add(Problem.Required("validUntil"));
        if (problems.Count > 0) return Decision.Refuse(problems);
        if (vehicle.Status == VehicleStatus.Disposed) return Decision.Refuse(VehicleProblems.Disposed());

        var today = now.InZone(zone).Date;
        if (form.InspectedOn > today)
            problems.Add(Problem.Invalid("vehicle.inspection_in_future", "inspectedOn",
                "The inspection on {0} has not taken place yet: today is {1}.", form.InspectedOn, today));
        if (form.ValidUntil <= form.InspectedOn)
            problems.Add(Problem.Invalid("vehicle.inspection_dates_invalid", "validUntil",
                "An inspection is valid until a day after it took place; {0} is not after {1}.", form.ValidUntil, form.InspectedOn));

        var certificate = TextRules.Check(form.CertificateNumber, "certificateNumber", TextRules.ReferenceMaxLength, required: false, problems);

        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new AnnualInspectionRecorded(vehicle.Id, form.InspectedOn!.Value, form.ValidUntil!.Value, certificate, now));
    }

    /// <summary>A policy may be recorded before it starts: renewals are usually bought ahead.</summary>
    public static Decision Decide(RecordInsuranceForm form, Vehicle vehicle, Instant now)
    {
        var problems = new List<Problem>();
        if (form.ValidFrom is null) problems.Add(Problem.Required("validFrom"));
        if (form.ValidUntil is null) problems.Add(Problem.Required("validUntil"));
        if (problems.Count > 0) return Decision.Refuse(problems);
        if (vehicle.Status == VehicleStatus.Disposed) return Decision.Refuse(VehicleProblems.Disposed());

        var insurer = TextRules.Check(form.Insurer, "insurer", TextRules.ReferenceMaxLength, required: true, problems);
        var policyNumber = TextRules.Check(form.PolicyNumber, "policyNumber", TextRules.ReferenceMaxLength, required: true, problems);
        if (form.ValidUntil <= form.ValidFrom)
            problems.Add(Problem.Invalid("vehicle.insurance_dates_invalid", "validUntil",
                "A policy is valid until a day after it starts; {0} is not after {1}.", form.ValidUntil, form.ValidFrom));

        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new InsuranceRecorded(vehicle.Id, insurer!, policyNumber!, form.ValidFrom!.Value, form.ValidUntil!.Value, now));
    }
}
