using Fleet.Domain.Organisations;

namespace Fleet.Server.Web;

/// <summary>The city's and the districts' names by pool code: pages name pools, never show their codes.</summary>
public static class PoolNames
{
    public static async Task<IReadOnlyDictionary<string, string>> OfCityAsync(IDocumentStore store, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var pools = await session.Query<Organisation>()
            .Where(o => o.AnyTenant() && (o.Kind == OrganisationKind.City || o.Kind == OrganisationKind.District))
            .ToListAsync(cancellation);
        return pools.DistinctBy(o => o.Pool).ToDictionary(o => o.Pool, o => o.Name);
    }
}
