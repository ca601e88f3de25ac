using System.Globalization;
using Fleet.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Domain.Trips;

/// <summary>
/// Parsing of what a clerk or approver types, shared by requesting, approving and cancelling so that a text
/// or a code is accepted the same way everywhere. Each parser adds its problem to the list and returns null,
/// so that a form reports every bad field at once.
/// </summary>
internal static class TripInput
{
    /// <summary>Long enough for an explanation an auditor can follow, short enough to show in a list.</summary>
    public const int ReasonMaxLength = 500;

    private static readonly LocalDateTimePattern LocalMinute = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    /// <summary>
    /// Length in characters as a reader counts them: a rare character of a name or place (生僻字) outside the
    /// basic plane takes two UTF-16 units but is one character.
    /// </summary>
    public static int Length(string text) => new StringInfo(text).LengthInTextElements;

    /// <summary>
    /// Trims a free-text field and checks it. Control characters are refused because the text is printed on
    /// the dispatch order and shown in lists, where a line break or an escape code would break the layout.
    /// A blank optional field becomes null.
    /// </summary>
    public static string? Text(string? text, string field, int maxLength, bool required, List<Problem> problems)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required) problems.Add(Problem.Required(field));
            return null;
        }

        if (trimmed.Any(char.IsControl))
        {
            problems.Add(Problem.Invalid("trip.text_control_characters", field,
                "Line breaks, tabs and other control characters are not allowed in {0}.", field));
            return null;
        }

        if (Length(trimmed) > maxLength)
        {
            problems.Add(Problem.Invalid("trip.text_too_long", field,
                "At most {0} characters are allowed in {1}; {2} were given.", maxLength, field, Length(trimmed)));
            return null;
        }

        return trimmed;
    }

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
