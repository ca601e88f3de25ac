using Fleet.Domain.Organisations;

namespace Fleet.Server.Organisations.Establishing;

public sealed record OrganisationEstablishedResponse(Guid OrganisationId, string Code, string Pool);

/// <summary>What setting up a district and a unit share: a code free across the whole city, and a stream in the pool it belongs to.</summary>
public static class Establishment
{
    public static async Task<Outcome<OrganisationEstablishedResponse>> EstablishAsync(IDocumentSession session, EstablishOrganisationForm form,
        OrganisationKind kind, Organisation? parent, Instant now, CancellationToken cancellation)
    {
        var codeTaken = await OrganisationDirectory.CodeTakenAsync(session, form.Code, cancellation);
        var id = Guid.CreateVersion7();
        var decision = OrganisationRegistry.Establish(form, kind, parent, codeTaken, id, now);
        if (!decision.IsAccepted) return Outcome<OrganisationEstablishedResponse>.Refused(decision.Problems);

        var established = (OrganisationEstablished)decision.Events[0];
        // A district's stream belongs to the district's own pool, the tenant its people will work in.
        session.ForTenant(established.Pool).Events.StartStream<Organisation>(id, decision.Events);
        return new OrganisationEstablishedResponse(id, established.Code, established.Pool);
    }
}
