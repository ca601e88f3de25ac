using Fleet.Domain.People;
using Fleet.Server.Organisations;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.People.Administering;

/// <summary>A pool's fleet admin gives a person an account, with its roles, in an organisation the pool serves.</summary>
public sealed record RegisterUser(RegisterUserForm Form) : Command<UserRegisteredResponse>;

public sealed record UserRegisteredResponse(Guid UserId, string LoginName);

public static class RegisterUserHandler
{
    public static async Task<Outcome<UserRegisteredResponse>> Handle(RegisterUser command, IDocumentSession session, CredentialStore credentials,
        SignInDirectory directory, IClock clock, CancellationToken cancellation)
    {
        var (actor, form) = (command.By, command.Form);
        var organisation = OrganisationDirectory.ManagedBy(
            await OrganisationDirectory.FindAsync(session, actor, form.OrganisationCode, cancellation), actor);
        var loginTaken = form.LoginName is { } login && await session.LoadAsync<UserCredential>(CredentialStore.Normalize(login), cancellation) is not null;
        var userId = Guid.CreateVersion7();

        var decision = UserAdministration.Register(form, organisation, loginTaken, userId, clock.GetCurrentInstant());
        // Another city's account may have the name: in a province login names are one list across the cities (ADR 025).
        if (decision.IsAccepted && !await directory.ClaimAsync(form.LoginName!, ((UserRegistered)decision.Events[0]).Pool, userId, cancellation))
            decision = UserAdministration.Register(form, organisation, loginTaken: true, userId, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return Outcome<UserRegisteredResponse>.Refused(decision.Problems);

        var registered = (UserRegistered)decision.Events[0];
        // The city's admins register the people of a district in the district's own pool.
        session.ForTenant(registered.Pool).Events.StartStream<User>(userId, decision.Events);
        credentials.Create(session, registered.LoginName, userId, registered.Pool, form.Password!);
        return new UserRegisteredResponse(userId, registered.LoginName);
    }
}

public static class RegisterUserEndpoint
{
    [WolverinePost("/api/users", OperationId = "RegisterUser"), Tags("Users")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Created<UserRegisteredResponse>, ProblemHttpResult>> Post(RegisterUserForm form, HttpContext http, IMessageBus bus) =>
        bus.CreatedAsync(new RegisterUser(form), http, registered => $"/api/users/{registered.UserId}");
}
