using NodaTime;

namespace Fleet.Domain.Common;

/// <summary>
/// The days a question to Fleet may name: a report's period, a board's day, a logbook's month, the ends of a search.
/// NodaTime reckons from year -9999 to 9999, but a day at either edge has no next day or month, nor a moment in every
/// time zone, and PostgreSQL and .NET's own dates end sooner still. Motor pools keep records of this century, so Fleet
/// asks for days well inside those edges and says which, rather than failing on the arithmetic.
/// </summary>
public static class FleetCalendar
{
    public static readonly LocalDate First = new(2000, 1, 1);
    public static readonly LocalDate Last = new(2100, 12, 31);

    public static bool Holds(int year) => year >= First.Year && year <= Last.Year;

    public static bool Holds(YearMonth month) => Holds(month.Year);

    public static bool Holds(LocalDate day) => day >= First && day <= Last;
}
