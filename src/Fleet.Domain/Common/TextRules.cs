using System.Globalization;

namespace Fleet.Domain.Common;

/// <summary>
/// The one rule set for what people type into a free-text field (a name, a reason, a note, a place): trimmed,
/// counted as a reader counts characters, and free of control characters. Every capability reads its text
/// fields through here so that one input is accepted or refused the same way, with the same codes, everywhere.
/// </summary>
public static class TextRules
{
    /// <summary>Long enough for an explanation an auditor can follow, short enough to show in a list.</summary>
    public const int ReasonMaxLength = 500;

    /// <summary>Names and numbers printed on certificates, policies and approval documents.</summary>
    public const int ReferenceMaxLength = 100;

    /// <summary>
    /// Length in characters as a reader counts them: a rare character of a name or place (生僻字) outside the
    /// basic plane takes two UTF-16 units, and a letter with a combining mark two code points, but each is one
    /// character.
    /// </summary>
    public static int Length(string text) => new StringInfo(text).LengthInTextElements;

    /// <summary>
    /// Trims a free-text field and checks it; a blank optional field becomes null so that stored events never tell
    /// "not given" apart from "given as spaces". Control characters are refused because every text Fleet keeps is
    /// one line: it is printed on the dispatch order and shown in lists, where a line break or an escape code would
    /// break the layout. Returns null when a problem was added.
    /// </summary>
    public static string? Check(string? text, string field, int maxLength, bool required, List<Problem> problems)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required) problems.Add(Problem.Required(field));
            return null;
        }

        if (trimmed.Any(char.IsControl))
        {
            problems.Add(ControlCharacters(field));
            return null;
        }

        var length = Length(trimmed);
        if (length > maxLength)
        {
            problems.Add(TooLong(field, maxLength, length));
            return null;
        }

        return trimmed;
    }

    /// <summary>The same rules for a decision that refuses on the first bad field.</summary>
    public static IReadOnlyList<Problem> Validate(string? text, string field, int maxLength, bool required = true)
    {
        var problems = new List<Problem>();
        Check(text, field, maxLength, required, problems);
        return problems;
    }

    private static Problem ControlCharacters(string field) => Problem.Invalid("validation.control_characters", field,
        "{0} contains line breaks, tabs or other control characters: remove them.", field);

    private static Problem TooLong(string field, int maxLength, int length) => Problem.Invalid("validation.too_long", field,
        "{0} has at most {1} characters; {2} were given: shorten it.", field, maxLength, length);
}
