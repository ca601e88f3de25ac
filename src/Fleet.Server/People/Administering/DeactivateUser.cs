using Fleet.Domain.People;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.People.Administering;

/// <summary>A fleet admin closes the account of someone who left, with the reason; its sign-ins end at once.</summary>
public sealed record DeactivateUser(Guid UserId, DeactivateUserForm Form) : Command<User>;

public static class DeactivateUserHandler
{
    public static Task<Outcome<User>> Handle(DeactivateUser command, IDocumentSession session, IClock clock, CancellationToken cancellation) =>
        UserStream.DecideAsync(session, command.UserId,
            user => UserAdministration.Deactivate(command.Form, user, command.By.UserId, clock.GetCurrentInstant()),
            cancellation);
}

public static class DeactivateUserEndpoint
{
    [WolverinePost("/api/users/{id}/deactivate", OperationId = "DeactivateUser"), Tags("Users")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<User>, ProblemHttpResult>> Post(Guid id, DeactivateUserForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new DeactivateUser(id, form), http);
}
