using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Vehicles;

/// <summary>Record what the odometer shows.</summary>
public sealed record ReadOdometer(Guid VehicleId, Distance Reading, OdometerSource Source);

/// <summary>Put right a recorded reading that was wrong.</summary>
public sealed record CorrectOdometer(Guid VehicleId, Distance To, string? Reason);

/// <summary>
/// Mileage is what fuel, servicing intervals and private-use audits are checked against, so a reading may
/// only go up; the rare genuine mistake is put right by an explicit, explained correction.
/// </summary>
public static class VehicleOdometer
{
    /// <summary>Far beyond any car's life; anything higher is a typing error, not a reading.</summary>
    public static readonly Distance Maximum = Distance.FromKilometres(2_000_000m);

    /// <summary>A disposed vehicle may still be read: the final reading is often taken at the handover.</summary>
    public static Decision Decide(ReadOdometer command, Vehicle vehicle, Instant now)
    {
        var problem = ReadingProblem(command.Reading, vehicle, "reading");
        return problem is null
            ? Decision.Accept(new OdometerRead(vehicle.Id, command.Reading, command.Source, now))
            : Decision.Refuse(problem);
    }

    public static Decision Decide(CorrectOdometer command, Vehicle vehicle, Instant now)
    {
        if (vehicle.Status == VehicleStatus.Disposed) return Decision.Refuse(VehicleProblems.Disposed());

        var problems = new List<Problem>();
        if (OutOfRange(command.To, "to") is { } outOfRange)
            problems.Add(outOfRange);
        else if (command.To == vehicle.Odometer)
            problems.Add(Problem.Invalid("vehicle.odometer_correction_unchanged", "to",
                "The odometer already reads {0} km: a correction must change the reading.", vehicle.Odometer.Kilometres));

        if (string.IsNullOrWhiteSpace(command.Reason))
            problems.Add(Problem.Invalid("vehicle.odometer_correction_reason_required", "reason",
                "Say why the reading is corrected: an auditor will ask why the mileage changed."));
        var reason = TextRules.Check(command.Reason, "reason", TextRules.ReasonMaxLength, required: false, problems);

        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new OdometerCorrected(vehicle.Id, vehicle.Odometer, command.To, reason!, now));
    }

    /// <summary>The one odometer rule, shared by every command that carries a reading.</summary>
    internal static Problem? ReadingProblem(Distance reading, Vehicle vehicle, string field) =>
        OutOfRange(reading, field) ?? (reading < vehicle.Odometer
            ? Problem.Conflict("vehicle.odometer_backwards",
                "The odometer already reads {0} km; a reading of {1} km would turn it back. If the recorded reading is wrong, correct it instead.",
                vehicle.Odometer.Kilometres, reading.Kilometres)
            : null);

    internal static Problem? OutOfRange(Distance reading, string field) => OutOfRange(reading.Kilometres, field);

    /// <summary>
    /// The range rule on a reading as typed, before it becomes a <see cref="Distance"/>: a number too large to be
    /// any reading is too large to convert to metres too.
    /// </summary>
    public static Problem? OutOfRange(decimal kilometres, string field) =>
        kilometres < 0 || kilometres > Maximum.Kilometres
            ? Problem.Invalid("vehicle.odometer_out_of_range", field,
                "An odometer reads between 0 and {0} km; {1} km was given.", Maximum.Kilometres, kilometres)
            : null;
}
