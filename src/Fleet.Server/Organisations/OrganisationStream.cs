using Fleet.Domain.Organisations;

namespace Fleet.Server.Organisations;

/// <summary>What every command on an established organisation shares, whichever change it makes.</summary>
public static class OrganisationStream
{
    public static Problem NotFound(string code) => Problem.NotFound("organisation.not_found", "There is no organisation {0}.", code);

    /// <summary>The organisation of that code as its admin reaches it; another pool's, or none, is not found.</summary>
    public static async Task<Organisation?> ManagedAsync(IDocumentSession session, Actor actor, string code, CancellationToken cancellation) =>
        OrganisationDirectory.ManagedBy(await OrganisationDirectory.FindAsync(session, actor, code, cancellation), actor);

    /// <summary>
    /// Decides on the organisation as its stream stands in its own pool, and appends only if no other command changed
    /// it in the meantime: two admins renaming one unit at once get one rename and a 409, not two renames each blind
    /// to the other.
    /// </summary>
    public static async Task<Outcome<Organisation>> DecideAsync(IDocumentSession session, Organisation organisation,
        Func<Organisation, Decision> decide, CancellationToken cancellation)
    {
        var stream = await session.ForTenant(organisation.Pool).Events.FetchForWriting<Organisation>(organisation.Id, cancellation);
        var current = stream.Aggregate ?? organisation;
        var decision = decide(current);
        if (!decision.IsAccepted) return Outcome<Organisation>.Refused(decision.Problems);

        stream.AppendMany(decision.Events);
        return decision.Events.Aggregate(current, (state, e) => state.Evolve(e));
    }
}
