using System.Security.Claims;
using Fleet.Domain.Organisations;

namespace Fleet.Server.Organisations.Viewing;

public static class OrganisationQueries
{
    private static readonly string[] SortKeys = ["code", "name"];

    [WolverineGet("/api/organisations", OperationId = "ListOrganisations"), Tags("Organisations")]
    public static async Task<Results<Ok<Page<Organisation>>, ProblemHttpResult>> List(string? kind, string? parent, string? q,
        bool? includeClosed, int? page, int? pageSize, string? sort, ClaimsPrincipal user, IQuerySession session, ProblemText text,
        CancellationToken cancellation)
    {
        var (paging, pagingProblems) = Paging.Parse(page, pageSize, sort, SortKeys, "code");
        var problems = pagingProblems.ToList();
        var wantedKind = QueryFilter.Parse<OrganisationKind>(kind, "kind", problems);
        if (paging is null || problems.Count > 0) return FleetProblems.From(problems, text);

        var query = OrganisationDirectory.Visible(session, Actor.Of(user));
        if (wantedKind is { } k) query = query.Where(o => o.Kind == k);
        if (!string.IsNullOrWhiteSpace(parent)) query = query.Where(o => o.ParentCode == parent.Trim().ToUpperInvariant());
        if (includeClosed != true) query = query.Where(o => !o.Closed);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(o => o.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || o.Code.Contains(term, StringComparison.OrdinalIgnoreCase));
        }

        query = (paging.Sort, paging.Descending) switch
        {
            ("name", false) => query.OrderBy(o => o.Name).ThenBy(o => o.Code),
            ("name", true) => query.OrderByDescending(o => o.Name).ThenBy(o => o.Code),
            (_, true) => query.OrderByDescending(o => o.Code),
            _ => query.OrderBy(o => o.Code),
        };
        return TypedResults.Ok(await paging.ToPageAsync(query, cancellation));
    }

    [WolverineGet("/api/organisations/{code}", OperationId = "GetOrganisation"), Tags("Organisations")]
    public static async Task<Results<Ok<Organisation>, ProblemHttpResult>> Get(string code, ClaimsPrincipal user, IQuerySession session,
        ProblemText text, CancellationToken cancellation) =>
        await OrganisationDirectory.FindAsync(session, Actor.Of(user), code, cancellation) is { } found
            ? TypedResults.Ok(found)
            : FleetProblems.From([Problem.NotFound("organisation.not_found", "There is no organisation {0}.", code)], text);
}
