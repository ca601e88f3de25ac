using Fleet.Domain.Organisations;

namespace Fleet.Server.Organisations;

/// <summary>
/// Finds organisations as an actor may see them: city staff see the whole tree, everybody else the
/// organisations of their own pool (the session's tenant).
/// </summary>
public static class OrganisationDirectory
{
    public static IQueryable<Organisation> Visible(IQuerySession session, Actor actor) =>
        actor.OrganisationKind == OrganisationKind.City
            ? session.Query<Organisation>().Where(o => o.InCity())
            : session.Query<Organisation>();

    public static Task<Organisation?> FindAsync(IQuerySession session, Actor actor, string? code, CancellationToken cancellation)
    {
        var normalized = code?.Trim().ToUpperInvariant() ?? "";
        return Visible(session, actor).FirstOrDefaultAsync(o => o.Code == normalized, cancellation);
    }

    /// <summary>
    /// A pool's admins manage the organisations of their pool; the city's admins also manage the districts
    /// themselves (not their units), which live in the districts' own pools.
    /// </summary>
    public static Organisation? ManagedBy(Organisation? organisation, Actor actor) => organisation switch
    {
        null => null,
        { Pool: var pool } when pool == actor.Pool => organisation,
        { Kind: OrganisationKind.District } when actor.OrganisationKind == OrganisationKind.City => organisation,
        _ => null,
    };

    /// <summary>Codes are unique across the city, whichever pool holds them.</summary>
    public static Task<bool> CodeTakenAsync(IQuerySession session, string? code, CancellationToken cancellation)
    {
        var normalized = code?.Trim().ToUpperInvariant() ?? "";
        return session.Query<Organisation>().AnyAsync(o => o.InCity() && o.Code == normalized, cancellation);
    }
}
