using Fleet.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Domain.Trips;

/// <summary>
/// Parsing of what a clerk or approver types, shared by requesting, approving and cancelling so that a code
/// is accepted the same way everywhere (free text follows <see cref="TextRules"/>). Each parser adds its problem to the list and returns null,
/// so that a form reports every bad field at once.
/// </summary>
internal static class TripInput
{
    private static readonly LocalDateTimePattern LocalMinute = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    /// <summary>A value of a code list, in English or Chinese; null when blank (reported only if required).</summary>
    public static TEnum? Code<TEnum>(string? text, string field, string code, IReadOnlyDictionary<TEnum, string> terms,
        bool required, List<Problem> problems) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) problems.Add(Problem.Required(field));
            return null;
        }

        if (CodeList.TryParse(text, terms, out TEnum value)) return value;

        problems.Add(Problem.Invalid(code, field, "'{0}' is not a known {1}: use one of {2}.",
            Truncate(text), field, CodeList.Describe<TEnum>()));
        return null;
    }

    /// <summary>An instant as the reader's wall clock shows it: clerks plan in local time, not in UTC.</summary>
    public static string Format(Instant instant, DateTimeZone zone) => LocalMinute.Format(instant.InZone(zone).LocalDateTime);

    // Echoing a megabyte of hostile input back into a problem response helps nobody.
    public static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
