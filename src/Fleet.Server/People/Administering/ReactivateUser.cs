using Fleet.Domain.People;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.People.Administering;

/// <summary>A fleet admin opens a closed account again, with the roles and organisation it had.</summary>
public sealed record ReactivateUser(Guid UserId) : Command<User>;

public static class ReactivateUserHandler
{
    public static Task<Outcome<User>> Handle(ReactivateUser command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        UserStream.DecideAsync(session, command.UserId, user => UserAdministration.Reactivate(user, clock.GetCurrentInstant()), cancellation);
}

public static class ReactivateUserEndpoint
{
    [WolverinePost("/api/users/{id}/reactivate", OperationId = "ReactivateUser"), Tags("Users")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<User>, ProblemHttpResult>> Post(Guid id, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ReactivateUser(id), http);
}
