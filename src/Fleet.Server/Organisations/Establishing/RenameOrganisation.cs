using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Organisations.Establishing;

/// <summary>A fleet admin gives an organisation of their pool (or, in the city, a district) its new name.</summary>
public sealed record RenameOrganisation(string Code, RenameOrganisationForm Form) : Command<Organisation>;

public static class RenameOrganisationHandler
{
    public static async Task<Outcome<Organisation>> Handle(RenameOrganisation command, IDocumentSession session, IClock clock,
        CancellationToken cancellation)
    {
        var organisation = await OrganisationStream.ManagedAsync(session, command.By, command.Code, cancellation);
        if (organisation is null) return Outcome<Organisation>.Refused(OrganisationStream.NotFound(command.Code));

        return await OrganisationStream.DecideAsync(session, organisation,
            current => OrganisationRegistry.Rename(command.Form, current, clock.GetCurrentInstant()),
            cancellation);
    }
}

public static class RenameOrganisationEndpoint
{
    [WolverinePost("/api/organisations/{code}/rename", OperationId = "RenameOrganisation"), Tags("Organisations")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<Organisation>, ProblemHttpResult>> Post(string code, RenameOrganisationForm form,
        HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new RenameOrganisation(code, form), http);
}
