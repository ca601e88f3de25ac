using System.Text;
using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Domain.Drivers;

/// <summary>
/// Parsing of what a fleet admin types about a driver, shared by registration and the later changes so
/// that a licence class or a date is accepted the same way everywhere. Each parser adds its problem to the
/// list and returns null, so that a form reports every bad field at once.
/// </summary>
internal static class DriverInput
{
    public const int MaxNameLength = 50;
    public const int MaxTextLength = 200;

    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;
    private static readonly LocalDateTimePattern LocalMinute = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    public static string? Name(string? text, List<Problem> problems) =>
        TextRules.Check(text, "name", MaxNameLength, required: true, problems);

    /// <summary>A required free text such as a reason: short enough to show in a list.</summary>
    public static string? Reason(string? text, List<Problem> problems) =>
        TextRules.Check(text, "reason", MaxTextLength, required: true, problems);

    /// <summary>An optional note: blank means none.</summary>
    public static string? Note(string? text, List<Problem> problems) =>
        TextRules.Check(text, "note", MaxTextLength, required: false, problems);

    public static PoolCode? Pool(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(Problem.Required(field));
            return null;
        }

        if (PoolCode.TryParse(text, out var pool)) return pool;

        problems.Add(Problem.Invalid("driver.pool_invalid", field,
            "'{0}' is not a pool: give the six-digit GB/T 2260 division code of the city or district that runs it (e.g. 420102).",
            Truncate(text)));
        return null;
    }

    /// <summary>
    /// The classes of a licence, one entry per class ("C1", "c1" or "小型汽车"), in the order of the code list
    /// and without repeats. Blank entries are skipped; every unknown entry is reported.
    /// </summary>
    public static IReadOnlyList<LicenceClass>? LicenceClasses(IReadOnlyList<string?>? entries, List<Problem> problems)
    {
        var given = entries?.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!).ToList() ?? [];
        if (given.Count == 0)
        {
            problems.Add(Problem.Required("licenceClasses"));
            return null;
        }

        var classes = new SortedSet<LicenceClass>();
        var allKnown = true;
        foreach (var entry in given)
        {
            if (TryParseLicenceClass(entry, out var licenceClass))
            {
                classes.Add(licenceClass);
                continue;
            }

            allKnown = false;
            problems.Add(Problem.Invalid("driver.licence_class_invalid", "licenceClasses",
                "'{0}' is not a known licence class: use one of {1}.", Truncate(entry), CodeList.Describe<LicenceClass>()));
        }

        return allKnown ? [.. classes] : null;
    }

    private static bool TryParseLicenceClass(string entry, out LicenceClass licenceClass) =>
        CodeList.TryParse(entry, DriverTerms.LicenceClasses, out licenceClass);

    /// <summary>The normalised licence number (upper case, no spaces), or null if it cannot be one.</summary>
    public static string? LicenceNumber(string? text, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(Problem.Required("licenceNumber"));
            return null;
        }

        var compact = Compact(text).ToUpperInvariant();
        if (compact.Length is >= 12 and <= 18 && compact.All(char.IsAsciiLetterOrDigit)) return compact;

        // The number is usually the holder's ID number: it is not echoed back into responses and logs.
        problems.Add(Problem.Invalid("driver.licence_number_invalid", "licenceNumber",
            "A licence number has 12 to 18 letters and digits; current licences carry the holder's 18-character ID number."));
        return null;
    }

    public static LocalDate? LicenceExpiry(string? text, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(Problem.Required("licenceExpiresOn"));
            return null;
        }

        var parsed = IsoDate.Parse(Compact(text));
        if (parsed.Success) return parsed.Value;

        problems.Add(Problem.Invalid("driver.licence_expiry_invalid", "licenceExpiresOn",
            "'{0}' is not a date: give the expiry date printed on the licence as year-month-day (e.g. 2030-05-01).",
            Truncate(text)));
        return null;
    }

    /// <summary>An optional mainland mobile number, kept as its eleven digits so it can be dialled and compared.</summary>
    public static string? Mobile(string? text, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;

        var digits = Compact(text).Replace("-", "");
        if (digits.StartsWith("+86", StringComparison.Ordinal)) digits = digits[3..];
        if (digits is { Length: 11 } && digits[0] == '1' && digits.All(char.IsAsciiDigit)) return digits;

        problems.Add(Problem.Invalid("driver.mobile_invalid", "mobile",
            "A mobile number has 11 digits and starts with 1 (e.g. 13800138000)."));
        return null;
    }

    public static LeaveKind? Kind(string? text, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(Problem.Required("kind"));
            return null;
        }

        if (CodeList.TryParse(text, DriverTerms.LeaveKinds, out LeaveKind kind)) return kind;

        problems.Add(Problem.Invalid("driver.leave_kind_invalid", "kind",
            "'{0}' is not a known kind of leave: use one of {1}.", Truncate(text), CodeList.Describe<LeaveKind>()));
        return null;
    }

    public static string Format(LocalDate date) => IsoDate.Format(date);

    /// <summary>An instant as the reader's wall clock shows it: dispatchers plan in local time, not in UTC.</summary>
    public static string Format(Instant instant, DateTimeZone zone) => LocalMinute.Format(instant.InZone(zone).LocalDateTime);

    // NFKC folds the full-width letters and digits of Chinese keyboards into ASCII.
    private static string Compact(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c)) builder.Append(c);
        }

        return builder.ToString();
    }

    // Echoing a megabyte of hostile input back into a problem response helps nobody.
    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
