using Fleet.Domain.Calendar;
using Fleet.Projections.Calendar;
using Marten;
using NodaTime;

namespace Fleet.Testing;

/// <summary>
/// The test world's working calendar beyond the demo city's own years (2025 and 2026, as the State Council published them):
/// the later years the tests' trips fall in are published with no holidays, so that a weekday in them is a workday as those
/// tests expect. From <see cref="FirstUnknownYear"/> on, nothing is published: a test of an unknown year picks one there.
/// </summary>
public static class TestCalendars
{
    public const int FirstUnknownYear = 2038;

    private static readonly Instant PublishedAt = Instant.FromUtc(2026, 1, 5, 2, 0);

    /// <summary>Publishes each later year once, as the city's fleet administrator would; a database that has them is left as it is.</summary>
    public static async Task PublishLaterYearsAsync(IDocumentStore store, string cityPool)
    {
        await using var session = store.LightweightSession(cityPool);
        var years = Enumerable.Range(2027, FirstUnknownYear - 2027).ToList();
        var ids = years.Select(CalendarYears.StreamIdOf).ToArray();
        var existing = (await session.Query<PublishedCalendarYear>().Where(y => y.Id.IsOneOf(ids)).Select(y => y.Id).ToListAsync()).ToHashSet();
        foreach (var year in years.Where(y => !existing.Contains(CalendarYears.StreamIdOf(y))))
            session.Events.StartStream<PublishedCalendarYear>(CalendarYears.StreamIdOf(year), new CalendarYearPublished(year, 1, [], [], PublishedAt));
        await session.SaveChangesAsync();
    }
}
