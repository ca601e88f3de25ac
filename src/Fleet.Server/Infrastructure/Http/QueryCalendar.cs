using NodaTime.Text;

namespace Fleet.Server.Infrastructure.Http;

/// <summary>
/// Days, months and moments as a query string carries them (<c>?day=2026-11-03</c>, <c>?month=2026-11</c>,
/// <c>?from=2026-11-02T09:00:00+08:00</c>), read in one place so that every endpoint refuses the same way what is not
/// a date and what lies outside <see cref="FleetCalendar"/>, before any arithmetic on it can overflow.
/// </summary>
public static class QueryCalendar
{
    public const string OutsideCode = "request.date_out_of_range";

    /// <summary>The one refusal of a well-written day, month, year or moment that lies outside the calendar, naming what is accepted.</summary>
    public static Problem Outside(string field, string text) =>
        Problem.Invalid(OutsideCode, field, "'{0}' lies outside the dates Fleet keeps: ask for a day from {1} to {2}.", Shown(text),
            FleetCalendar.First, FleetCalendar.Last);

    /// <summary>A local day; <paramref name="invalidCode"/> names what the endpoint calls text that is no day.</summary>
    public static LocalDate? Day(string? text, string field, string invalidCode, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        if (!parsed.Success)
            problems.Add(Problem.Invalid(invalidCode, field, "'{0}' is not a day: write it as 2026-11-03.", Shown(text)));
        else if (!FleetCalendar.Holds(parsed.Value)) problems.Add(Outside(field, text));
        else return parsed.Value;
        return null;
    }

    /// <summary>A month of the calendar; <paramref name="invalidCode"/> names what the endpoint calls text that is no month.</summary>
    public static YearMonth? Month(string? text, string field, string invalidCode, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parsed = YearMonthPattern.Iso.Parse(text.Trim());
        if (!parsed.Success)
            problems.Add(Problem.Invalid(invalidCode, field, "'{0}' is not a month: write it as 2026-11.", Shown(text)));
        else if (!FleetCalendar.Holds(parsed.Value)) problems.Add(Outside(field, text));
        else return parsed.Value;
        return null;
    }

    /// <summary>An ISO-8601 moment with its offset: 2026-11-02T09:00:00+08:00 or …Z.</summary>
    public static Instant? Moment(string? text, string field, List<Problem> problems, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) problems.Add(Problem.Required(field));
            return null;
        }

        var parsed = OffsetDateTimePattern.ExtendedIso.Parse(text.Trim());
        if (!parsed.Success)
            problems.Add(Problem.Invalid("request.moment_invalid", field,
                "'{0}' is not a moment: write it as ISO 8601 with its offset, e.g. 2026-11-02T09:00:00+08:00.", Shown(text)));
        // The day as written, before the offset is applied: 9999-12-31T23:59:59-18:00 has no instant to apply it to.
        else if (!FleetCalendar.Holds(parsed.Value.Date)) problems.Add(Outside(field, text));
        else return parsed.Value.ToInstant();
        return null;
    }

    private static string Shown(string text) => text.Length > 40 ? text[..40] : text;
}
