using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Organisations.Establishing;

/// <summary>The city's fleet admins set up districts; each district then runs a pool of its own.</summary>
public sealed record EstablishDistrict(EstablishOrganisationForm Form) : Command<OrganisationEstablishedResponse>;

public static class EstablishDistrictHandler
{
    public static async Task<Outcome<OrganisationEstablishedResponse>> Handle(EstablishDistrict command, IDocumentSession session, IClock clock,
        CancellationToken cancellation)
    {
        var actor = command.By;
        if (actor.OrganisationKind != OrganisationKind.City)
            return Outcome<OrganisationEstablishedResponse>.Refused(
                Problem.Forbidden("organisation.city_only", "Only the city's fleet administrators set up districts."));

        var city = await OrganisationDirectory.FindAsync(session, actor, actor.OrganisationCode, cancellation);
        return await Establishment.EstablishAsync(session, command.Form with { ParentCode = actor.OrganisationCode }, OrganisationKind.District, city,
            clock.GetCurrentInstant(), cancellation);
    }
}

public static class EstablishDistrictEndpoint
{
    [WolverinePost("/api/organisations/districts", OperationId = "EstablishDistrict"), Tags("Organisations")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Created<OrganisationEstablishedResponse>, ProblemHttpResult>> Post(EstablishOrganisationForm form, HttpContext http,
        IMessageBus bus) =>
        bus.CreatedAsync(new EstablishDistrict(form), http, established => $"/api/organisations/{established.Code}");
}
