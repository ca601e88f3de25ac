using Fleet.Domain.Calendar;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Fleet.Projections.Calendar;

/// <summary>A year's working calendar as last published: one stream a year, kept by the city and read by every pool.</summary>
public sealed record PublishedCalendarYear(Guid Id, CalendarYearPublished Latest)
{
    /// <summary>Each year's versions in one stream, under an id made of the year, so that every node finds it without a lookup.</summary>
    public static Guid StreamIdOf(int year) => new(year, 0xca1e, 0x7da7, 0x80, 0, 0, 0, 0, 0, 0, 0);

    public CalendarYear ToYear() => CalendarYear.From(Latest);
}

public sealed partial class PublishedCalendarYearProjection : SingleStreamProjection<PublishedCalendarYear, Guid>
{
    public static PublishedCalendarYear Create(IEvent<CalendarYearPublished> e) => new(e.StreamId, e.Data);

    public static PublishedCalendarYear Apply(PublishedCalendarYear current, CalendarYearPublished e) => current with { Latest = e };
}
