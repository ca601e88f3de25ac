using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Organisations.Establishing;

/// <summary>A pool's fleet admins set up the units their pool serves.</summary>
public sealed record EstablishUnit(EstablishOrganisationForm Form) : Command<OrganisationEstablishedResponse>;

public static class EstablishUnitHandler
{
    public static async Task<Outcome<OrganisationEstablishedResponse>> Handle(EstablishUnit command, IDocumentSession session, IClock clock,
        CancellationToken cancellation)
    {
        var form = command.Form;
        // Only a parent in the admin's own pool is visible here: another pool's tree is out of reach.
        var parent = string.IsNullOrWhiteSpace(form.ParentCode)
            ? null
            : await session.Query<Organisation>().FirstOrDefaultAsync(o => o.Code == form.ParentCode.Trim().ToUpperInvariant(), cancellation);
        return await Establishment.EstablishAsync(session, form, OrganisationKind.Unit, parent, clock.GetCurrentInstant(), cancellation);
    }
}

public static class EstablishUnitEndpoint
{
    [WolverinePost("/api/organisations/units", OperationId = "EstablishUnit"), Tags("Organisations")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Created<OrganisationEstablishedResponse>, ProblemHttpResult>> Post(EstablishOrganisationForm form, HttpContext http,
        IMessageBus bus) =>
        bus.CreatedAsync(new EstablishUnit(form), http, established => $"/api/organisations/{established.Code}");
}
