using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Organisations.Establishing;

/// <summary>The city's fleet admins set up districts; each district then runs a pool of its own.</summary>
public sealed record EstablishDistrict(EstablishOrganisationForm Form) : Command<OrganisationEstablishedResponse>;

public static class EstablishDistrictHandler
{
    public static async Task<Outcome<OrganisationEstablishedResponse>> Handle(EstablishDistrict command, IDocumentSession session,
        Infrastructure.Database.CityMap cities, IClock clock, CancellationToken cancellation)
    {
        var actor = command.By;
        if (actor.OrganisationKind != OrganisationKind.City)
            return Outcome<OrganisationEstablishedResponse>.Refused(
                Problem.Forbidden("organisation.city_only", "Only the city's fleet administrators set up districts."));
        // In a province each city's pools are listed with its database (ADR 025): a district's pool must be listed first.
        if (cities.IsProvince && PoolCode.TryParse(command.Form.Code, out var pool) && (cities.DatabaseOf(pool.Value) is null || !cities.SameCity(actor.Pool, pool.Value)))
            return Outcome<OrganisationEstablishedResponse>.Refused(Problem.Conflict("organisation.pool_not_listed",
                "District {0} is not among this city's pools in the server's list of cities: ask the platform's operators to add it, then set the district up again.",
                pool.Value));

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
