using Fleet.Domain.Drivers;
using Fleet.Domain.People;

namespace Fleet.Server.Drivers.Listing;

/// <summary>A pool's drivers: who may drive what, until when, and when they are away.</summary>
public sealed record ListDrivers(string? Status = null, string? Q = null, int? Page = null, int? PageSize = null, string? Sort = null)
    : Query<Page<Driver>>;

public static class ListDriversEndpoint
{
    [WolverineGet("/api/drivers", OperationId = "ListDrivers"), Tags("Drivers")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Dispatcher)},{nameof(Role.Supervisor)}")]
    public static Task<Results<Ok<Page<Driver>>, ProblemHttpResult>> List(string? status, string? q, int? page, int? pageSize, string? sort,
        HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ListDrivers(status, q, page, pageSize, sort), http);
}

public static class ListDriversHandler
{
    private static readonly string[] SortKeys = ["name", "licenceExpiresOn"];

    public static async Task<Outcome<Page<Driver>>> Handle(ListDrivers asked, IQuerySession session, CancellationToken cancellation)
    {
        var (status, q, page, pageSize, sort) = (asked.Status, asked.Q, asked.Page, asked.PageSize, asked.Sort);
        var (paging, pagingProblems) = Paging.Parse(page, pageSize, sort, SortKeys, "name");
        var problems = pagingProblems.ToList();
        var wanted = QueryFilter.Parse<DriverStatus>(status, "status", problems);
        if (paging is null || problems.Count > 0) return Outcome<Page<Driver>>.Refused(problems);

        var query = asked.By.SeesWholeCity ? session.Query<Driver>().Where(d => d.InCity()) : session.Query<Driver>();
        if (wanted is { } w) query = query.Where(d => d.Status == w);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(d => d.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || d.LicenceNumber.Contains(term));
        }

        query = (paging.Sort, paging.Descending) switch
        {
            ("licenceExpiresOn", false) => query.OrderBy(d => d.LicenceExpiresOn).ThenBy(d => d.Name),
            ("licenceExpiresOn", true) => query.OrderByDescending(d => d.LicenceExpiresOn).ThenBy(d => d.Name),
            (_, true) => query.OrderByDescending(d => d.Name),
            _ => query.OrderBy(d => d.Name),
        };
        return await paging.ToPageAsync(query, cancellation);
    }
}
