using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Organisations.Establishing;

/// <summary>A fleet admin closes an organisation that no longer exists, once no open unit hangs from it.</summary>
public sealed record CloseOrganisation(string Code, CloseOrganisationForm Form) : Command<Organisation>;

public static class CloseOrganisationHandler
{
    public static async Task<Outcome<Organisation>> Handle(CloseOrganisation command, IDocumentSession session, IClock clock,
        CancellationToken cancellation)
    {
        var organisation = await OrganisationStream.ManagedAsync(session, command.By, command.Code, cancellation);
        if (organisation is null) return Outcome<Organisation>.Refused(OrganisationStream.NotFound(command.Code));

        var openUnits = await session.ForTenant(organisation.Pool).Query<Organisation>()
            .CountAsync(o => o.ParentCode == organisation.Code && !o.Closed, cancellation);
        return await OrganisationStream.DecideAsync(session, organisation,
            current => OrganisationRegistry.Close(command.Form, current, openUnits, clock.GetCurrentInstant()),
            cancellation);
    }
}

public static class CloseOrganisationEndpoint
{
    [WolverinePost("/api/organisations/{code}/close", OperationId = "CloseOrganisation"), Tags("Organisations")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<Organisation>, ProblemHttpResult>> Post(string code, CloseOrganisationForm form,
        HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new CloseOrganisation(code, form), http);
}
