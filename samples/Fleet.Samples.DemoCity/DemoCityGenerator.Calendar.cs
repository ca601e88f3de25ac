using Fleet.Domain.Calendar;
using Fleet.Domain.People;
using NodaTime;

namespace Fleet.Samples.DemoCity;

public sealed partial class DemoCityGenerator
{
    /// <summary>
    /// The years whose holidays the State Council has published (国务院办公厅关于部分节假日安排的通知), as the city's fleet
    /// administrator enters them. A year not here is left unpublished, as it would be in a city that has not entered it:
    /// its days are unknown and its trips wait for the unit head.
    /// </summary>
    private static readonly IReadOnlyDictionary<int, PublishCalendarYearForm> KnownYears = new Dictionary<int, PublishCalendarYearForm>
    {
        [2025] = Year(
            [("元旦", (1, 1), (1, 1)), ("春节", (1, 28), (2, 4)), ("清明节", (4, 4), (4, 6)), ("劳动节", (5, 1), (5, 5)),
                ("端午节", (5, 31), (6, 2)), ("国庆节、中秋节", (10, 1), (10, 8))],
            [(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)], 2025),
        [2026] = Year(
            [("元旦", (1, 1), (1, 3)), ("春节", (2, 15), (2, 23)), ("清明节", (4, 4), (4, 6)), ("劳动节", (5, 1), (5, 5)),
                ("端午节", (6, 19), (6, 21)), ("中秋节", (9, 25), (9, 27)), ("国庆节", (10, 1), (10, 7))],
            [(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)], 2026),
    };

    /// <summary>The known years as the city's fleet administrator publishes them.</summary>
    private static readonly WorkingCalendar Known = new(KnownYears.Select(y =>
        CalendarYear.From((CalendarYearPublished)CalendarYears.Publish(y.Key, y.Value, null, Instant.FromUtc(2000, 1, 1, 0, 0)).Events[0])));

    /// <summary>
    /// Whether the demo city's people rest on the day: a public holiday or an ordinary weekend day of a known year, a
    /// Saturday or Sunday of any other; the tracks' planned drive on a rest day is placed by it, so that the day check
    /// finds it as one.
    /// </summary>
    public static bool IsRestDay(LocalDate day) => !Known.IsWorkday(day, WorkingCalendar.MondayToFriday);

    /// <summary>
    /// The city's fleet administrator enters every known year as the directory is set up, before any trip is asked for;
    /// with correlation ids of their own, so that no draw of the seed is spent and the rest of the city stays as it was.
    /// </summary>
    private void PublishCalendars(PoolState city, Instant at)
    {
        var admin = city.Staff[Role.FleetAdmin];
        foreach (var (year, form) in KnownYears.OrderBy(y => y.Key))
            Record(city, CalendarYears.StreamIdOf(year), DemoStream.CalendarYear, CalendarYears.Publish(year, form, null, at), at, admin, $"calendar-{year}");
    }

    /// <summary>Whether the pools' people work on the day: by the calendar, or by the day of the week where no calendar says.</summary>
    private static bool IsWorked(LocalDate day) => !IsRestDay(day);

    private static PublishCalendarYearForm Year(IEnumerable<(string Name, (int M, int D) From, (int M, int D) To)> holidays,
        IEnumerable<(int M, int D)> makeUpDays, int year) =>
        new(1, [.. holidays.Select(h => new HolidayPeriodForm(h.Name, new LocalDate(year, h.From.M, h.From.D), new LocalDate(year, h.To.M, h.To.D)))],
            [.. makeUpDays.Select(d => new LocalDate(year, d.M, d.D))]);
}
