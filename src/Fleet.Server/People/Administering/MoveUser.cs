using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.People.Administering;

/// <summary>A person changes organisation within the pool; the account's sign-ins end with the move.</summary>
public sealed record MoveUser(Guid UserId, MoveUserForm Form) : Command<User>;

public static class MoveUserHandler
{
    public static async Task<Outcome<User>> Handle(MoveUser command, IDocumentSession session, IClock clock, CancellationToken cancellation)
    {
        // Only an organisation of the account's own pool is visible here: another pool's is not found.
        var target = command.Form.OrganisationCode is not { } code || string.IsNullOrWhiteSpace(code)
            ? null
            : await session.Query<Organisation>()
                .FirstOrDefaultAsync(o => o.Code == code.Trim().ToUpperInvariant(), cancellation);
        return await UserStream.DecideAsync(session, command.UserId,
            user => UserAdministration.Move(command.Form, user, target, clock.GetCurrentInstant()), cancellation);
    }
}

public static class MoveUserEndpoint
{
    [WolverinePost("/api/users/{id}/move", OperationId = "MoveUser"), Tags("Users")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<User>, ProblemHttpResult>> Post(Guid id, MoveUserForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new MoveUser(id, form), http);
}
