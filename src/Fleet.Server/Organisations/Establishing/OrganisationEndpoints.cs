using System.Security.Claims;
using Fleet.Domain.Common;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Security;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Wolverine.Http;

namespace Fleet.Server.Organisations.Establishing;

public sealed record OrganisationEstablishedResponse(Guid OrganisationId, string Code, string Pool);

public static class OrganisationEndpoints
{
    /// <summary>The city's fleet admins set up districts; each district then runs a pool of its own.</summary>
    [WolverinePost("/api/organisations/districts", OperationId = "EstablishDistrict"), Tags("Organisations")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static async Task<Results<Created<OrganisationEstablishedResponse>, ProblemHttpResult>> EstablishDistrict(
        EstablishOrganisationForm form, ClaimsPrincipal user, IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        if (actor.OrganisationKind != OrganisationKind.City)
            return Forbidden(text, "organisation.city_only", "Only the city's fleet administrators set up districts.");

        var city = await OrganisationDirectory.FindAsync(session, actor, actor.OrganisationCode, cancellation);
        return await EstablishAsync(form with { ParentCode = actor.OrganisationCode }, OrganisationKind.District, city, session, clock, text, cancellation);
    }

    /// <summary>A pool's fleet admins set up the units their pool serves.</summary>
    [WolverinePost("/api/organisations/units", OperationId = "EstablishUnit"), Tags("Organisations")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static async Task<Results<Created<OrganisationEstablishedResponse>, ProblemHttpResult>> EstablishUnit(
        EstablishOrganisationForm form, ClaimsPrincipal user, IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        // Only a parent in the admin's own pool is visible here: another pool's tree is out of reach.
        var parent = string.IsNullOrWhiteSpace(form.ParentCode)
            ? null
            : await session.Query<Organisation>().FirstOrDefaultAsync(o => o.Code == form.ParentCode.Trim().ToUpperInvariant(), cancellation);
        return await EstablishAsync(form, OrganisationKind.Unit, parent, session, clock, text, cancellation);
    }

    [WolverinePost("/api/organisations/{code}/rename", OperationId = "RenameOrganisation"), Tags("Organisations")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static async Task<Results<Ok<Organisation>, ProblemHttpResult>> Rename(string code, RenameOrganisation command,
        ClaimsPrincipal user, IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var organisation = await ManagedAsync(session, Actor.Of(user), code, cancellation);
        if (organisation is null) return NotFound(text, code);

        return await DecideAsync(session, organisation, current => OrganisationRegistry.Rename(command, current, clock.GetCurrentInstant()), text,
            cancellation);
    }

    [WolverinePost("/api/organisations/{code}/close", OperationId = "CloseOrganisation"), Tags("Organisations")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static async Task<Results<Ok<Organisation>, ProblemHttpResult>> Close(string code, CloseOrganisation command,
        ClaimsPrincipal user, IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var organisation = await ManagedAsync(session, Actor.Of(user), code, cancellation);
        if (organisation is null) return NotFound(text, code);

        var openUnits = await session.ForTenant(organisation.Pool).Query<Organisation>()
            .CountAsync(o => o.ParentCode == organisation.Code && !o.Closed, cancellation);
        return await DecideAsync(session, organisation, current => OrganisationRegistry.Close(command, current, openUnits, clock.GetCurrentInstant()), text,
            cancellation);
    }

    private static async Task<Organisation?> ManagedAsync(IDocumentSession session, Actor actor, string code, CancellationToken cancellation) =>
        OrganisationDirectory.ManagedBy(await OrganisationDirectory.FindAsync(session, actor, code, cancellation), actor);

    private static async Task<Results<Created<OrganisationEstablishedResponse>, ProblemHttpResult>> EstablishAsync(
        EstablishOrganisationForm form, OrganisationKind kind, Organisation? parent, IDocumentSession session, IClock clock,
        ProblemText text, CancellationToken cancellation)
    {
        var codeTaken = await OrganisationDirectory.CodeTakenAsync(session, form.Code, cancellation);
        var id = Guid.CreateVersion7();
        var decision = OrganisationRegistry.Establish(form, kind, parent, codeTaken, id, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return FleetProblems.From(decision.Problems, text);

        var established = (OrganisationEstablished)decision.Events[0];
        // A district's stream belongs to the district's own pool, the tenant its people will work in.
        session.ForTenant(established.Pool).Events.StartStream<Organisation>(id, decision.Events);
        return TypedResults.Created($"/api/organisations/{established.Code}",
            new OrganisationEstablishedResponse(id, established.Code, established.Pool));
    }

    /// <summary>
    /// Decides on the organisation as its stream stands in its own pool, and appends only if no other command changed
    /// it in the meantime: two admins renaming one unit at once get one rename and a 409, not two renames each blind
    /// to the other.
    /// </summary>
    private static async Task<Results<Ok<Organisation>, ProblemHttpResult>> DecideAsync(IDocumentSession session, Organisation organisation,
        Func<Organisation, Decision> decide, ProblemText text, CancellationToken cancellation)
    {
        var stream = await session.ForTenant(organisation.Pool).Events.FetchForWriting<Organisation>(organisation.Id, cancellation);
        var current = stream.Aggregate ?? organisation;
        var decision = decide(current);
        if (!decision.IsAccepted) return FleetProblems.From(decision.Problems, text);

        stream.AppendMany(decision.Events);
        return TypedResults.Ok(decision.Events.Aggregate(current, (state, e) => state.Evolve(e)));
    }

    private static ProblemHttpResult NotFound(ProblemText text, string code) =>
        FleetProblems.From([Problem.NotFound("organisation.not_found", "There is no organisation {0}.", code)], text);

    private static ProblemHttpResult Forbidden(ProblemText text, string code, string message) =>
        FleetProblems.From([Problem.Forbidden(code, message)], text);
}
