namespace Fleet.Domain.Common;

/// <summary>
/// Parses a code-list value typed by a person or sent by another platform: the English member name in any
/// letter case, or the Chinese term the rules use. Numbers are refused so that a reordered enum can never
/// silently change what a stored value means.
/// </summary>
public static class CodeList
{
    public static bool TryParse<TEnum>(string? text, IReadOnlyDictionary<TEnum, string> chineseTerms, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        var trimmed = text?.Trim();
        // Enum.TryParse reads "A,B" as the two flags OR-ed together, which for a plain enum is some third member.
        if (string.IsNullOrEmpty(trimmed) || char.IsAsciiDigit(trimmed[0]) || trimmed[0] is '-' or '+' || trimmed.Contains(',')) return false;

        if (Enum.TryParse(trimmed, ignoreCase: true, out value) && Enum.IsDefined(value)) return true;

        foreach (var (member, term) in chineseTerms)
        {
            if (string.Equals(term, trimmed, StringComparison.Ordinal))
            {
                value = member;
                return true;
            }
        }

        return false;
    }

    public static string Describe<TEnum>() where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>());
}
