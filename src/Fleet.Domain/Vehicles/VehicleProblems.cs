using Fleet.Domain.Common;

namespace Fleet.Domain.Vehicles;

/// <summary>The refusals several capabilities share, so that one situation always carries one code.</summary>
internal static class VehicleProblems
{
    /// <summary>Long enough for an explanation an auditor can follow, short enough to show in a list.</summary>
    public const int ReasonMaxLength = 500;

    /// <summary>Names and numbers printed on certificates, policies and approval documents.</summary>
    public const int ReferenceMaxLength = 100;

    public static Problem Disposed() => Problem.Conflict("vehicle.disposed",
        "This vehicle has been disposed of: its record is closed to everything but odometer readings.");

    public static Problem Retired() => Problem.Conflict("vehicle.retired",
        "This vehicle is retired: it can be disposed of, but no longer transferred or booked for maintenance.");

    /// <summary>
    /// Trims a free-text field and checks its length; a blank optional field becomes null so that stored
    /// events never tell "not given" apart from "given as spaces". Returns null when a problem was added.
    /// </summary>
    public static string? Text(string? text, string field, int maxLength, bool required, List<Problem> problems)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required) problems.Add(Problem.Required(field));
            return null;
        }

        if (trimmed.Length > maxLength)
        {
            problems.Add(Problem.Invalid("vehicle.text_too_long", field,
                "At most {0} characters are allowed here; {1} were given.", maxLength, trimmed.Length));
            return null;
        }

        return trimmed;
    }
}
