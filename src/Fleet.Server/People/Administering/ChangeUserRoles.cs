using Fleet.Domain.People;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.People.Administering;

/// <summary>A fleet admin gives an account the roles its person now has; the account's sign-ins end with the change.</summary>
public sealed record ChangeUserRoles(Guid UserId, ChangeUserRolesForm Form) : Command<User>;

public static class ChangeUserRolesHandler
{
    public static Task<Outcome<User>> Handle(ChangeUserRoles command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        UserStream.DecideAsync(session, command.UserId,
            user => UserAdministration.ChangeRoles(command.Form, user, clock.GetCurrentInstant()), cancellation);
}

public static class ChangeUserRolesEndpoint
{
    [WolverinePost("/api/users/{id}/roles", OperationId = "ChangeUserRoles"), Tags("Users")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<User>, ProblemHttpResult>> Post(Guid id, ChangeUserRolesForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ChangeUserRoles(id, form), http);
}
