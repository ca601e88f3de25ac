using System.Security.Claims;
using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.People.Administering;

/// <summary>The accounts of the people a pool serves, for its fleet admins and supervisors; the city's supervisors see every pool's.</summary>
/// <summary>A pool's accounts (every pool's for a supervisor of the city), filtered by unit, role, activity or a search term.</summary>
public sealed record ListUsers(string? Organisation = null, string? Role = null, string? Q = null, bool? Active = null, int? Page = null,
    int? PageSize = null, string? Sort = null) : Query<Page<User>>;

public static class ListUsersHandler
{
    private static readonly string[] SortKeys = ["loginName", "displayName", "organisationCode"];

    public static async Task<Outcome<Page<User>>> Handle(ListUsers asked, IQuerySession session, CancellationToken cancellation)
    {
        var (organisation, role, q, active, page, pageSize, sort) =
            (asked.Organisation, asked.Role, asked.Q, asked.Active, asked.Page, asked.PageSize, asked.Sort);
        var (paging, pagingProblems) = Paging.Parse(page, pageSize, sort, SortKeys, "loginName");
        var problems = pagingProblems.ToList();
        var wantedRole = QueryFilter.Parse(role, "role", problems, UserAdministration.RoleTerms);
        if (paging is null || problems.Count > 0) return Outcome<Page<User>>.Refused(problems);

        // The session belongs to the caller's pool: users of other pools are not in it, except for the city's supervisors.
        var query = asked.By.SeesWholeCity ? session.Query<User>().Where(u => u.InCity()) : session.Query<User>();
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
        return await paging.ToPageAsync(query, cancellation);
    }
}

public static class UserQueries
{
    [WolverineGet("/api/users", OperationId = "ListUsers"), Tags("Users")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)}")]
    public static Task<Results<Ok<Page<User>>, ProblemHttpResult>> List(string? organisation, string? role, string? q, bool? active,
        int? page, int? pageSize, string? sort, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ListUsers(organisation, role, q, active, page, pageSize, sort), http);

    [WolverineGet("/api/users/{id}", OperationId = "GetUser"), Tags("Users")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)}")]
    public static async Task<Results<Ok<User>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal principal, IQuerySession session, ProblemText text,
        CancellationToken cancellation)
    {
        var found = Actor.Of(principal).SeesWholeCity
            ? await session.Query<User>().FirstOrDefaultAsync(u => u.InCity() && u.Id == id, cancellation)
            : await session.LoadAsync<User>(id, cancellation);
        return found is null ? FleetProblems.From([UserStream.NotFound(id)], text) : TypedResults.Ok(found);
    }
}
