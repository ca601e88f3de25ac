using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>What the odometer shows, in kilometres as typed.</summary>
public sealed record ReadOdometerForm(decimal? Kilometres);

/// <summary>The reading a recorded one that was wrong is put right to, in kilometres as typed, and why.</summary>
public sealed record CorrectOdometerForm(decimal? Kilometres, string? Reason);

/// <summary>
/// Mileage is what fuel, servicing intervals and private-use audits are checked against, so a reading may
/// only go up; the rare genuine mistake is put right by an explicit, explained correction.
/// </summary>
public static class VehicleOdometer
{
    /// <summary>Far beyond any car's life; anything higher is a typing error, not a reading.</summary>
    public static readonly Distance Maximum = Distance.FromKilometres(2_000_000m);

    /// <summary>A disposed vehicle may still be read: the final reading is often taken at the handover.</summary>
    public static Decision Decide(ReadOdometerForm form, OdometerSource source, Vehicle vehicle, Instant now)
    {
        var problems = new List<Problem>();
        var reading = Reading(form.Kilometres, "kilometres", required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Backwards(reading!.Value, vehicle) is { } backwards
            ? Decision.Refuse(backwards)
            : Decision.Accept(new OdometerRead(vehicle.Id, reading.Value, source, now));
    }

    public static Decision Decide(CorrectOdometerForm form, Vehicle vehicle, Instant now)
    {
        var problems = new List<Problem>();
        var to = Reading(form.Kilometres, "kilometres", required: true, problems);
        if (string.IsNullOrWhiteSpace(form.Reason))
            problems.Add(Problem.Invalid("vehicle.odometer_correction_reason_required", "reason",
                "Say why the reading is corrected: an auditor will ask why the mileage changed."));
        var reason = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: false, problems);
        if (to is null) return Decision.Refuse(problems);

        if (vehicle.Status == VehicleStatus.Disposed) return Decision.Refuse(VehicleProblems.Disposed());
        if (to == vehicle.Odometer)
            problems.Add(Problem.Invalid("vehicle.odometer_correction_unchanged", "kilometres",
                "The odometer already reads {0} km: a correction must change the reading.", vehicle.Odometer.Kilometres));
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new OdometerCorrected(vehicle.Id, vehicle.Odometer, to.Value, reason!, now));
    }

    /// <summary>
    /// A reading as typed, checked for range before it becomes a <see cref="Distance"/>: a number too large to be any
    /// reading is too large to convert to metres too. Null when it is missing or refused (the problem is added).
    /// </summary>
    public static Distance? Reading(decimal? kilometres, string field, bool required, List<Problem> problems)
    {
        if (kilometres is not { } km)
        {
            if (required) problems.Add(Problem.Required(field));
            return null;
        }

        if (OutOfRange(km, field) is { } outOfRange)
        {
            problems.Add(outOfRange);
            return null;
        }

        return Distance.FromKilometres(km);
    }

    /// <summary>The one rule on a reading taken in use, shared by every command that carries one: it never turns the odometer back.</summary>
    internal static Problem? Backwards(Distance reading, Vehicle vehicle) =>
        reading < vehicle.Odometer
            ? Problem.Conflict("vehicle.odometer_backwards",
                "The odometer already reads {0} km; a reading of {1} km would turn it back. If the recorded reading is wrong, correct it instead.",
                vehicle.Odometer.Kilometres, reading.Kilometres)
            : null;

    internal static Problem? OutOfRange(Distance reading, string field) => OutOfRange(reading.Kilometres, field);

    public static Problem? OutOfRange(decimal kilometres, string field) =>
        kilometres < 0 || kilometres > Maximum.Kilometres
            ? Problem.Invalid("vehicle.odometer_out_of_range", field,
                "An odometer reads between 0 and {0} km; {1} km was given.", Maximum.Kilometres, kilometres)
            : null;
}
