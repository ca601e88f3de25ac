using Fleet.Domain.Calendar;
using Fleet.Projections.Calendar;
using Fleet.Server.Infrastructure;
using JasperFx.Events.Projections;

namespace Fleet.Server.Calendar;

/// <summary>
/// The city's working calendar: each year's public holidays and make-up working days, published by the city's fleet
/// administrators version by version (docs/calendar.md). The approval policy, the working-hours flags and utilization
/// ask it which days are worked; a year without one is said to be unknown, never guessed.
/// </summary>
public sealed class CalendarModule : IFleetModule
{
    public IReadOnlyDictionary<Type, string> Events { get; } = new Dictionary<Type, string>
    {
        [typeof(CalendarYearPublished)] = "calendar_year_published",
    };

    public void ConfigureStore(StoreOptions options, IServiceProvider services) =>
        // Read by every approval and every check of working hours: kept inline, current the moment a year is published.
        options.Projections.Add<PublishedCalendarYearProjection>(ProjectionLifecycle.Inline);
}
