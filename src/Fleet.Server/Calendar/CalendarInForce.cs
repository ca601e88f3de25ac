using Fleet.Domain.Common;
using Fleet.Domain.Calendar;
using Fleet.Projections.Calendar;

namespace Fleet.Server.Calendar;

/// <summary>A year's working calendar as the city last published it; a year without one is a problem that says so.</summary>
public sealed record GetCalendarYear(int Year) : Query<CalendarYear>;

public static class GetCalendarYearHandler
{
    public static async Task<Outcome<CalendarYear>> Handle(GetCalendarYear asked, IQuerySession session, CancellationToken cancellation)
    {
        if (!FleetCalendar.Holds(asked.Year))
            return Outcome<CalendarYear>.Refused(Problem.Invalid("calendar.year_out_of_range", "year", "Calendars are kept for the years {0} to {1}; {2} is not one of them.",
                FleetCalendar.First.Year, FleetCalendar.Last.Year, asked.Year));
        return await CalendarInForce.YearAsync(session, asked.Year, cancellation) is { } year
            ? year
            : Outcome<CalendarYear>.Refused(Problem.NotFound("calendar.not_published",
                "No working calendar has been published for {0}: its holidays and make-up days are not known yet.", asked.Year));
    }
}

public static class GetCalendarYearEndpoint
{
    [WolverineGet("/api/calendar/{year}", OperationId = "GetCalendarYear"), Tags("Calendar")]
    [Authorize]
    [EndpointSummary("A year's public holidays and make-up working days")]
    public static Task<Results<Ok<CalendarYear>, ProblemHttpResult>> Get(int year, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetCalendarYear(year), http);
}

/// <summary>The years the city has published, read by every pool: one calendar for the whole city.</summary>
public static class CalendarInForce
{
    public static async Task<CalendarYear?> YearAsync(IQuerySession session, int year, CancellationToken cancellation) =>
        (await session.Query<PublishedCalendarYear>().Where(y => y.InCity() && y.Id == PublishedCalendarYear.StreamIdOf(year))
            .FirstOrDefaultAsync(cancellation))?.ToYear();

    /// <summary>The years that hold the days from <paramref name="first"/> to <paramref name="last"/>, for a rule over a period.</summary>
    public static async Task<WorkingCalendar> ForAsync(IQuerySession session, int first, int last, CancellationToken cancellation)
    {
        var ids = Enumerable.Range(first, last - first + 1).Select(PublishedCalendarYear.StreamIdOf).ToArray();
        var years = await session.Query<PublishedCalendarYear>().Where(y => y.InCity() && y.Id.IsOneOf(ids)).ToListAsync(cancellation);
        return new WorkingCalendar(years.Select(y => y.ToYear()));
    }
}
