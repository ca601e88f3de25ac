using Fleet.Server.Infrastructure.Database;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// Work done for every pool at once — a nightly check, the day's notices — is done city by city (ADR 025): a session
/// opened for one of a city's pools works in the city's database, where <see cref="CityQueries.InCity"/> finds the city's
/// pools and no other city's. A single city is one session, as before.
/// </summary>
public static class EveryCity
{
    /// <summary>
    /// Runs <paramref name="work"/> with a session for each city in turn. A city whose database does not answer does not
    /// keep the others from theirs: its failure is thrown after the others are done, for the caller's retry.
    /// </summary>
    public static async Task ForEachCityAsync(this IDocumentStore store, CityMap cities, Func<IQuerySession, Task> work, CancellationToken cancellation)
    {
        if (!cities.IsProvince)
        {
            await using var only = store.QuerySession();
            await work(only);
            return;
        }

        DatabaseUnavailable.Raise(await DatabaseUnavailable.EachAsync(cities.Cities, async city =>
        {
            await using var session = store.QuerySession(city.Pools[0]);
            await work(session);
        }, cancellation));
    }
}
