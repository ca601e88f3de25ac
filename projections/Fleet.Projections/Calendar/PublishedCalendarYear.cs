using Fleet.Domain.Calendar;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Fleet.Projections.Calendar;

/// <summary>A year's working calendar as last published: one stream a year, kept by the city and read by every pool.</summary>
public sealed record PublishedCalendarYear(Guid Id, CalendarYearPublished Latest)
{
    public static Guid StreamIdOf(int year) => CalendarYears.StreamIdOf(year);

    public CalendarYear ToYear() => CalendarYear.From(Latest);
}

public sealed partial class PublishedCalendarYearProjection : SingleStreamProjection<PublishedCalendarYear, Guid>
{
    public static PublishedCalendarYear Create(IEvent<CalendarYearPublished> e) => new(e.StreamId, e.Data);

    public static PublishedCalendarYear Apply(PublishedCalendarYear current, CalendarYearPublished e) => current with { Latest = e };
}
