using System.Text;

namespace Fleet.Domain.Common;

/// <summary>
/// A telephone number someone can be called on from a mainland phone, kept in one written form so that it can be
/// dialled from a link, printed on a dispatch order and compared: a mobile as its eleven digits (13800138000), a
/// landline as area code, number and optional extension joined by dashes (027-87654321, 0755-2345678-801).
/// </summary>
public sealed record PhoneNumber
{
    private PhoneNumber(string text, bool isMobile)
    {
        Text = text;
        IsMobile = isMobile;
    }

    /// <summary>The number as stored and shown.</summary>
    public string Text { get; }

    /// <summary>A mobile, as opposed to a landline: a driver on the road can only be reached on one.</summary>
    public bool IsMobile { get; }

    /// <summary>
    /// What a <c>tel:</c> link dials: the digits, with a landline's extension after a pause (the comma), as phones
    /// understand it.
    /// </summary>
    public static string Dialled(string text)
    {
        var parts = text.Split('-');
        return parts.Length == 3 ? $"{parts[0]}{parts[1]},{parts[2]}" : string.Concat(parts);
    }

    public override string ToString() => Text;

    /// <summary>
    /// Reads a number as people type it: spaces, dashes, brackets around the area code, full-width digits, a +86 or
    /// 0086 before a mobile, and an extension after 转, "ext", "x" or "#" are tolerated. Null when it is no number
    /// that can be called.
    /// </summary>
    public static PhoneNumber? Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;

        var text = Compact(input);
        if (text.Length is 0 or > 40) return null;

        var (main, extension) = SplitExtension(text);
        var groups = main.Replace('(', '-').Replace(')', '-').Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (groups.Length == 0 || !groups.All(g => g.All(char.IsAsciiDigit) || (g == groups[0] && IsCountryPrefix(g)))) return null;
        if (extension is not null && (extension.Length is < 1 or > 6 || !extension.All(char.IsAsciiDigit))) return null;

        var digits = string.Concat(groups);
        return digits[0] == '0' && !digits.StartsWith("0086", StringComparison.Ordinal)
            ? Landline(groups, extension)
            : extension is null ? Mobile(digits) : null;
    }

    private static bool IsCountryPrefix(string group) => group.Length > 1 && group[0] == '+' && group[1..].All(char.IsAsciiDigit);

    private static PhoneNumber? Mobile(string digits)
    {
        if (digits.StartsWith("+86", StringComparison.Ordinal)) digits = digits[3..];
        else if (digits.StartsWith("0086", StringComparison.Ordinal)) digits = digits[4..];
        else if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal)) digits = digits[2..];

        return digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9' && digits.All(char.IsAsciiDigit)
            ? new PhoneNumber(digits, isMobile: true)
            : null;
    }

    /// <summary>
    /// The area code is what the caller wrote before the first dash; run together, Beijing's 010 and the 02x codes
    /// of the largest cities have three digits and every other four. A local number has seven or eight digits and
    /// starts with neither 0 nor 1.
    /// </summary>
    private static PhoneNumber? Landline(string[] groups, string? extension)
    {
        string area, local;
        if (groups.Length >= 2 && groups[0].Length is 3 or 4)
        {
            area = groups[0];
            // 027-8765-4321 splits the local number itself; 027-87654321-801 adds an extension.
            var rest = groups.Skip(1).ToList();
            if (rest.Count >= 3 || (rest.Count == 2 && rest[0].Length < 7))
            {
                rest = [rest[0] + rest[1], .. rest.Skip(2)];
            }

            if (rest.Count > 2 || (rest.Count == 2 && extension is not null)) return null;
            local = rest[0];
            if (rest.Count == 2) extension = rest[1];
        }
        else if (groups.Length == 1)
        {
            var digits = groups[0];
            var areaLength = digits.StartsWith("010", StringComparison.Ordinal) || digits.StartsWith("02", StringComparison.Ordinal) ? 3 : 4;
            if (digits.Length <= areaLength) return null;
            area = digits[..areaLength];
            local = digits[areaLength..];
        }
        else return null;

        if (area[1] == '0' && area != "010") return null;
        if (local.Length is < 7 or > 8 || local[0] is '0' or '1') return null;
        if (extension is { Length: < 1 or > 6 }) return null;

        return new PhoneNumber(extension is null ? $"{area}-{local}" : $"{area}-{local}-{extension}", isMobile: false);
    }

    private static (string Main, string? Extension) SplitExtension(string text)
    {
        foreach (var marker in new[] { "转", "ext.", "ext", "x", "#" })
        {
            var at = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at > 0) return (text[..at].TrimEnd('-'), text[(at + marker.Length)..].Trim('-', '.'));
        }

        return (text, null);
    }

    // NFKC folds the full-width digits, brackets and dashes of Chinese keyboards into ASCII; spaces and dots between
    // groups of digits are dropped, and the long dashes people paste are read as dashes.
    private static string Compact(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c)) continue;
            builder.Append(c is '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' ? '-' : c);
        }

        return builder.ToString();
    }
}

/// <summary>The one rule for a phone number typed into a form, with the same code and wording everywhere.</summary>
public static class PhoneRules
{
    /// <summary>
    /// The number in its stored form; null when blank (reported only if required) or when a problem was added.
    /// </summary>
    public static PhoneNumber? Check(string? text, string field, bool required, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) problems.Add(Problem.Required(field));
            return null;
        }

        if (PhoneNumber.Parse(text) is { } number) return number;

        problems.Add(Problem.Invalid("validation.phone_invalid", field,
            "The {1} '{0}' cannot be called: write a mobile number of 11 digits (e.g. 13800138000) or a landline with its area code (e.g. 027-87654321).",
            text.Length <= 40 ? text.Trim() : text.Trim()[..40] + "…", field));
        return null;
    }
}
