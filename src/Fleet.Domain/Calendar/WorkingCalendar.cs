using System.Collections.Frozen;
using NodaTime;

namespace Fleet.Domain.Calendar;

/// <summary>What a day is for the people who work it, as the State Council's holiday notice for its year says.</summary>
public enum DayKind
{
    /// <summary>Monday to Friday, no holiday.</summary>
    WorkingDay,

    /// <summary>Saturday or Sunday, not made a working day.</summary>
    RestDay,

    /// <summary>A day of a public holiday period (法定节假日 and the days joined to it), whatever the day of the week.</summary>
    PublicHoliday,

    /// <summary>A Saturday or Sunday made a working day in exchange for a day joined to a holiday (调休上班).</summary>
    MakeUpWorkingDay,

    /// <summary>The year has no calendar: nobody may guess whether the day is worked.</summary>
    Unknown,
}

/// <summary>A named run of days off, e.g. 春节 from 15 to 23 February: the first and last day are both off.</summary>
public sealed record HolidayPeriod(string Name, LocalDate From, LocalDate To)
{
    public bool Contains(LocalDate day) => day >= From && day <= To;

    public int DayCount() => Period.DaysBetween(From, To) + 1;
}

/// <summary>
/// One year's calendar, version by version: a correction publishes the year again under the next version. Stored as
/// <c>calendar_year_published</c>; the periods in date order and the make-up days sorted, so that equal calendars store equally.
/// </summary>
public sealed record CalendarYearPublished(int Year, int Version, IReadOnlyList<HolidayPeriod> Holidays, IReadOnlyList<LocalDate> MakeUpDays,
    Instant PublishedAt);

/// <summary>A year's holidays and make-up working days, as the city administrator published them.</summary>
public sealed record CalendarYear(int Year, int Version, IReadOnlyList<HolidayPeriod> Holidays, IReadOnlySet<LocalDate> MakeUpDays)
{
    public static CalendarYear From(CalendarYearPublished e) => new(e.Year, e.Version, e.Holidays, e.MakeUpDays.ToFrozenSet());

    public DayKind KindOf(LocalDate day)
    {
        if (day.Year != Year) throw new ArgumentOutOfRangeException(nameof(day), day, $"The calendar of {Year} does not hold {day:uuuu-MM-dd}.");
        if (HolidayOf(day) is not null) return DayKind.PublicHoliday;
        if (MakeUpDays.Contains(day)) return DayKind.MakeUpWorkingDay;
        return WorkingCalendar.IsWeekend(day) ? DayKind.RestDay : DayKind.WorkingDay;
    }

    /// <summary>The holiday the day belongs to, for words such as "国庆节"; none on any other day.</summary>
    public HolidayPeriod? HolidayOf(LocalDate day) => Holidays.FirstOrDefault(h => h.Contains(day));
}

/// <summary>The years the city has published: what every rule about working days asks.</summary>
public sealed class WorkingCalendar(IEnumerable<CalendarYear> years)
{
    private readonly FrozenDictionary<int, CalendarYear> _years = years.ToFrozenDictionary(y => y.Year);

    public static WorkingCalendar None { get; } = new([]);

    public static bool IsWeekend(LocalDate day) => day.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;

    /// <summary>The days of the week people work where nothing else is said.</summary>
    public static FrozenSet<IsoDayOfWeek> MondayToFriday { get; } =
        new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }.ToFrozenSet();

    /// <summary>
    /// Whether the day is worked by someone working <paramref name="weekdays"/>: never on a public holiday, always on a
    /// make-up working day, otherwise by the day of the week — also in a year without a calendar, which a caller that must
    /// not guess asks <see cref="KindOf"/> about first.
    /// </summary>
    public bool IsWorkday(LocalDate day, IReadOnlySet<IsoDayOfWeek> weekdays) => KindOf(day) switch
    {
        DayKind.PublicHoliday => false,
        DayKind.MakeUpWorkingDay => true,
        _ => weekdays.Contains(day.DayOfWeek),
    };

    public DayKind KindOf(LocalDate day) => _years.TryGetValue(day.Year, out var year) ? year.KindOf(day) : DayKind.Unknown;

    /// <summary>Whether people work on the day; none when its year has no calendar, for the caller to say so rather than guess.</summary>
    public bool? IsWorked(LocalDate day) => KindOf(day) switch
    {
        DayKind.WorkingDay or DayKind.MakeUpWorkingDay => true,
        DayKind.RestDay or DayKind.PublicHoliday => false,
        _ => null,
    };
}
