using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Calendar;

/// <summary>A year's calendar as the city administrator fills it in; <see cref="Version"/> is the version it creates.</summary>
public sealed record PublishCalendarYearForm(int? Version, IReadOnlyList<HolidayPeriodForm>? Holidays, IReadOnlyList<LocalDate>? MakeUpDays);

public sealed record HolidayPeriodForm(string? Name, LocalDate? From, LocalDate? To);

public static class CalendarYears
{
    /// <summary>The longest holiday period the State Council has given is nine days (春节 2026); a fortnight leaves room without allowing a typo's month.</summary>
    public const int LongestPeriod = 15;

    public const int MaxPeriods = 20;

    public const int MaxMakeUpDays = 20;

    public const int NameMaxLength = 20;

    /// <summary>Each year's versions in one stream, under an id made of the year, so that every node finds it without a lookup.</summary>
    public static Guid StreamIdOf(int year) => new(year, unchecked((short)0xca1e), 0x7da7, 0x80, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>
    /// Publishes <paramref name="year"/> as the next version of it (the first is version 1). Every day lies in the year: a
    /// period that runs over New Year is entered in each year with its own days. A make-up day is a Saturday or Sunday
    /// outside the periods, since only a day off can be made a working day.
    /// </summary>
    public static Decision Publish(int year, PublishCalendarYearForm form, CalendarYear? current, Instant now)
    {
        if (!FleetCalendar.Holds(year))
            return Decision.Refuse(Problem.Invalid("calendar.year_out_of_range", "year", "Calendars are kept for the years {0} to {1}; {2} is not one of them.",
                FleetCalendar.First.Year, FleetCalendar.Last.Year, year));

        var next = (current?.Version ?? 0) + 1;
        if (form.Version is { } version && version != next)
            return Decision.Refuse(Problem.Conflict("calendar.version_not_next",
                "The calendar of {0} is at version {1}, so publishing it creates version {2}, not {3}: read the current calendar and change that.",
                year, next - 1, next, version));

        var problems = new List<Problem>();
        if (form.Version is null) problems.Add(Problem.Required("version"));
        var holidays = Holidays(year, form.Holidays ?? [], problems);
        var makeUpDays = MakeUpDays(year, form.MakeUpDays ?? [], holidays, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new CalendarYearPublished(year, next, holidays, makeUpDays, now));
    }

    private static List<HolidayPeriod> Holidays(int year, IReadOnlyList<HolidayPeriodForm> forms, List<Problem> problems)
    {
        if (forms.Count > MaxPeriods)
            problems.Add(Problem.Invalid("calendar.too_many_holidays", "holidays", "A year holds at most {0} holiday periods; {1} were given.", MaxPeriods, forms.Count));

        var periods = new List<HolidayPeriod>();
        for (var i = 0; i < forms.Count && i < MaxPeriods; i++)
        {
            var form = forms[i];
            var field = $"holidays[{i}]";
            var name = TextRules.Check(form.Name, $"{field}.name", NameMaxLength, required: true, problems);
            if (form.From is not { } from) problems.Add(Problem.Required($"{field}.from"));
            if (form.To is not { } to) problems.Add(Problem.Required($"{field}.to"));
            if (name is null || form.From is null || form.To is null) continue;

            if (form.From.Value.Year != year || form.To.Value.Year != year)
                problems.Add(Problem.Invalid("calendar.holiday_outside_year", field,
                    "{0} runs from {1:uuuu-MM-dd} to {2:uuuu-MM-dd}, outside {3}: enter each year's days in that year's calendar.",
                    name, form.From.Value, form.To.Value, year));
            else if (form.To.Value < form.From.Value)
                problems.Add(Problem.Invalid("calendar.holiday_ends_before_start", field, "{0} ends on {1:uuuu-MM-dd}, before it starts on {2:uuuu-MM-dd}.",
                    name, form.To.Value, form.From.Value));
            else if (new HolidayPeriod(name, form.From.Value, form.To.Value).DayCount() is var days and > LongestPeriod)
                problems.Add(Problem.Invalid("calendar.holiday_too_long", field, "{0} is {1} days long; a holiday period is at most {2} days.",
                    name, days, LongestPeriod));
            else
                periods.Add(new HolidayPeriod(name, form.From.Value, form.To.Value));
        }

        periods.Sort((a, b) => a.From.CompareTo(b.From));
        for (var i = 1; i < periods.Count; i++)
            if (periods[i].From <= periods[i - 1].To)
                problems.Add(Problem.Invalid("calendar.holidays_overlap", "holidays", "{0} and {1} share days: each day belongs to one holiday at most.",
                    periods[i - 1].Name, periods[i].Name));
        return periods;
    }

    private static List<LocalDate> MakeUpDays(int year, IReadOnlyList<LocalDate> days, List<HolidayPeriod> holidays, List<Problem> problems)
    {
        if (days.Count > MaxMakeUpDays)
            problems.Add(Problem.Invalid("calendar.too_many_make_up_days", "makeUpDays", "A year holds at most {0} make-up working days; {1} were given.",
                MaxMakeUpDays, days.Count));

        var kept = days.Take(MaxMakeUpDays).Distinct().Order().ToList();
        foreach (var day in kept)
        {
            if (day.Year != year)
                problems.Add(Problem.Invalid("calendar.make_up_day_outside_year", "makeUpDays",
                    "{0:uuuu-MM-dd} is outside {1}: enter each year's days in that year's calendar.", day, year));
            else if (!WorkingCalendar.IsWeekend(day))
                problems.Add(Problem.Invalid("calendar.make_up_day_not_weekend", "makeUpDays",
                    "{0:uuuu-MM-dd} is a weekday, worked anyway: only a Saturday or Sunday can be made a working day.", day));
            else if (holidays.FirstOrDefault(h => h.Contains(day)) is { } holiday)
                problems.Add(Problem.Invalid("calendar.make_up_day_in_holiday", "makeUpDays",
                    "{0:uuuu-MM-dd} is a day of {1}: a day cannot be both off and made a working day.", day, holiday.Name));
        }

        return kept;
    }
}
