using Fleet.Server.Infrastructure.Database;

namespace Fleet.Server.Infrastructure.Security;

/// <summary>Which pool's database holds a login's account, kept in the province's database (ADR 025).</summary>
public sealed class SignInRoute
{
    /// <summary>The login name, lower-case.</summary>
    public string Id { get; set; } = "";

    public string Pool { get; set; } = "";
    public Guid UserId { get; set; }
}

/// <summary>
/// Sign-in before anybody's pool is known, with the cities' accounts each in their city's database (ADR 025): the province's
/// database keeps, for each login name, the pool whose database holds the account, and a password is checked there. A login
/// name is claimed here before its account is written in the city, so two cities cannot give out the same one. A claim
/// whose account was never written (the city's transaction failed after it) holds nothing: the next claim of the name finds
/// no such account in that city and takes it over. In a single city there is one database, and nothing to route.
/// </summary>
public sealed class SignInDirectory(IDocumentStore store, CityMap cities)
{
    /// <summary>The pool whose database holds the login's account; null in a single city or for a login no city gave out.</summary>
    public async Task<string?> PoolOfAsync(string loginName, CancellationToken cancellation)
    {
        if (!cities.IsProvince) return null;
        await using var province = store.QuerySession();
        return (await province.LoadAsync<SignInRoute>(CredentialStore.Normalize(loginName), cancellation))?.Pool;
    }

    /// <summary>A session where the login's account is looked up: its city's, or the one database of a single city.</summary>
    public async Task<IDocumentSession> SessionForAsync(string loginName, CancellationToken cancellation) =>
        await PoolOfAsync(loginName, cancellation) is { } pool ? store.LightweightSession(pool) : store.LightweightSession();

    /// <summary>
    /// Reserves a login name for the account <paramref name="userId"/> about to be registered in <paramref name="pool"/>; false
    /// when an account in any city has it already.
    /// </summary>
    public async Task<bool> ClaimAsync(string loginName, string pool, Guid userId, CancellationToken cancellation)
    {
        if (!cities.IsProvince) return true;
        var id = CredentialStore.Normalize(loginName);
        await using var province = store.LightweightSession();
        var route = await province.LoadAsync<SignInRoute>(id, cancellation);
        if (route is not null && await HeldAsync(route, cancellation)) return false;

        var claim = new SignInRoute { Id = id, Pool = pool, UserId = userId };
        if (route is null) province.Insert(claim);
        else province.Store(claim);
        try
        {
            await province.SaveChangesAsync(cancellation);
            return true;
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            // Claimed by another registration at the same moment.
            return false;
        }
    }

    private async Task<bool> HeldAsync(SignInRoute route, CancellationToken cancellation)
    {
        await using var city = store.QuerySession(route.Pool);
        return await city.LoadAsync<UserCredential>(route.Id, cancellation) is { } credential && credential.UserId == route.UserId;
    }
}
