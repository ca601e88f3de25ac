using System.Security.Claims;
using Fleet.Domain.Common;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Infrastructure.Security;
using Fleet.Server.Organisations;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Wolverine.Http;

namespace Fleet.Server.People.Administering;

public sealed record UserRegisteredResponse(Guid UserId, string LoginName);

/// <summary>A pool's fleet admins manage the accounts of the people their pool serves.</summary>
public static class UserEndpoints
{
    private static readonly string[] SortKeys = ["loginName", "displayName", "organisationCode"];

    [WolverinePost("/api/users", OperationId = "RegisterUser"), Tags("Users")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static async Task<Results<Created<UserRegisteredResponse>, ProblemHttpResult>> Register(RegisterUserForm form,
        ClaimsPrincipal user, IDocumentSession session, CredentialStore credentials, IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var actor = Actor.Of(user);
        var organisation = OrganisationDirectory.ManagedBy(
            await OrganisationDirectory.FindAsync(session, actor, form.OrganisationCode, cancellation), actor);
        var loginTaken = form.LoginName is { } login && await session.LoadAsync<UserCredential>(CredentialStore.Normalize(login), cancellation) is not null;
        var userId = Guid.CreateVersion7();

        var decision = UserAdministration.Register(form, organisation, loginTaken, userId, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return FleetProblems.From(decision.Problems, text);

        var registered = (UserRegistered)decision.Events[0];
        session.ForTenant(registered.Pool).Events.StartStream<User>(userId, decision.Events);
        credentials.Create(session, registered.LoginName, userId, registered.Pool, form.Password!);
        return TypedResults.Created($"/api/users/{userId}", new UserRegisteredResponse(userId, registered.LoginName));
    }

    [WolverineGet("/api/users", OperationId = "ListUsers"), Tags("Users")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)}")]
    public static async Task<Results<Ok<Page<User>>, ProblemHttpResult>> List(string? organisation, string? role, string? q, bool? active,
        int? page, int? pageSize, string? sort, ClaimsPrincipal principal, IQuerySession session, ProblemText text, CancellationToken cancellation)
    {
        var (paging, pagingProblems) = Paging.Parse(page, pageSize, sort, SortKeys, "loginName");
        var problems = pagingProblems.ToList();
        var wantedRole = QueryFilter.Parse(role, "role", problems, UserAdministration.RoleTerms);
        if (paging is null || problems.Count > 0) return FleetProblems.From(problems, text);

        // The session belongs to the caller's pool: users of other pools are not in it, except for the city's supervisors.
        var query = Actor.Of(principal).SeesWholeCity ? session.Query<User>().Where(u => u.AnyTenant()) : session.Query<User>();
        if (!string.IsNullOrWhiteSpace(organisation)) query = query.Where(u => u.OrganisationCode == organisation.Trim().ToUpperInvariant());
        if (wantedRole is { } r) query = query.Where(u => u.Roles.Contains(r));
        if (active is { } isActive) query = query.Where(u => u.Active == isActive);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(u => u.LoginName.Contains(term, StringComparison.OrdinalIgnoreCase)
                                     || u.DisplayName.Contains(term, StringComparison.OrdinalIgnoreCase));
        }

        query = (paging.Sort, paging.Descending) switch
        {
            ("displayName", false) => query.OrderBy(u => u.DisplayName).ThenBy(u => u.LoginName),
            ("displayName", true) => query.OrderByDescending(u => u.DisplayName).ThenBy(u => u.LoginName),
            ("organisationCode", false) => query.OrderBy(u => u.OrganisationCode).ThenBy(u => u.LoginName),
            ("organisationCode", true) => query.OrderByDescending(u => u.OrganisationCode).ThenBy(u => u.LoginName),
            (_, true) => query.OrderByDescending(u => u.LoginName),
            _ => query.OrderBy(u => u.LoginName),
        };
        return TypedResults.Ok(await paging.ToPageAsync(query, cancellation));
    }

    [WolverineGet("/api/users/{id}", OperationId = "GetUser"), Tags("Users")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)}")]
    public static async Task<Results<Ok<User>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal principal, IQuerySession session, ProblemText text,
        CancellationToken cancellation)
    {
        var found = Actor.Of(principal).SeesWholeCity
            ? await session.Query<User>().FirstOrDefaultAsync(u => u.AnyTenant() && u.Id == id, cancellation)
            : await session.LoadAsync<User>(id, cancellation);
        return found is null ? NotFound(text, id) : TypedResults.Ok(found);
    }

    [WolverinePost("/api/users/{id}/roles", OperationId = "ChangeUserRoles"), Tags("Users")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static Task<Results<Ok<User>, ProblemHttpResult>> ChangeRoles(Guid id, ChangeUserRoles command, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation) =>
        DecideAsync(id, session, text, user => UserAdministration.ChangeRoles(command, user, clock.GetCurrentInstant()), cancellation);

    [WolverinePost("/api/users/{id}/move", OperationId = "MoveUser"), Tags("Users")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static async Task<Results<Ok<User>, ProblemHttpResult>> Move(Guid id, MoveUser command, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation)
    {
        var target = string.IsNullOrWhiteSpace(command.OrganisationCode)
            ? null
            : await session.Query<Domain.Organisations.Organisation>()
                .FirstOrDefaultAsync(o => o.Code == command.OrganisationCode.Trim().ToUpperInvariant(), cancellation);
        return await DecideAsync(id, session, text, user => UserAdministration.Move(command, user, target, clock.GetCurrentInstant()), cancellation);
    }

    [WolverinePost("/api/users/{id}/deactivate", OperationId = "DeactivateUser"), Tags("Users")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static Task<Results<Ok<User>, ProblemHttpResult>> Deactivate(Guid id, DeactivateUser command, ClaimsPrincipal principal,
        IDocumentSession session, IClock clock, ProblemText text, CancellationToken cancellation) =>
        DecideAsync(id, session, text,
            user => UserAdministration.Deactivate(command, user, Actor.Of(principal).UserId, clock.GetCurrentInstant()), cancellation);

    [WolverinePost("/api/users/{id}/reactivate", OperationId = "ReactivateUser"), Tags("Users")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static Task<Results<Ok<User>, ProblemHttpResult>> Reactivate(Guid id, IDocumentSession session, IClock clock, ProblemText text,
        CancellationToken cancellation) =>
        DecideAsync(id, session, text, user => UserAdministration.Reactivate(user, clock.GetCurrentInstant()), cancellation);

    private static Task<Results<Ok<User>, ProblemHttpResult>> DecideAsync(Guid id, IDocumentSession session, ProblemText text,
        Func<User, Decision> decide, CancellationToken cancellation) =>
        StreamDecisions.DecideAsync(session, id, Problem.NotFound("user.not_found", "There is no user {0}.", id), decide,
            (user, e) => user.Evolve(e), text, cancellation);

    private static ProblemHttpResult NotFound(ProblemText text, Guid id) =>
        FleetProblems.From([Problem.NotFound("user.not_found", "There is no user {0}.", id)], text);
}
