using Fleet.Domain.Organisations;

namespace Fleet.Server.Web;

/// <summary>The city's and the districts' names by pool code: pages name pools, never show their codes.</summary>
public static class PoolNames
{
    /// <summary>The pools of the city whose pool <paramref name="pool"/> is: read in that city's database, the one it shares with no other city's pools (ADR 025).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> OfCityAsync(IDocumentStore store, string pool, CancellationToken cancellation)
    {
        await using var session = store.QuerySession(pool);
        var pools = await session.Query<Organisation>()
            .Where(o => o.InCity() && (o.Kind == OrganisationKind.City || o.Kind == OrganisationKind.District))
            .ToListAsync(cancellation);
        return pools.DistinctBy(o => o.Pool).ToDictionary(o => o.Pool, o => o.Name);
    }
}
