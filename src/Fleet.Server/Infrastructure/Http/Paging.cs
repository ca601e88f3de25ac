using Fleet.Domain.Common;
using Marten;
using Marten.Pagination;

namespace Fleet.Server.Infrastructure.Http;

/// <summary>One page of a list, with what a client needs to show "page 2 of 7".</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long TotalItems)
{
    public long TotalPages => (TotalItems + PageSize - 1) / PageSize;
}

/// <summary>Validated paging and sorting from a query string: <c>?page=2&amp;pageSize=50&amp;sort=-name</c>.</summary>
public sealed record Paging(int PageNumber, int PageSize, string Sort, bool Descending)
{
    public const int MaxPageSize = 200;

    public static (Paging? Paging, IReadOnlyList<Problem> Problems) Parse(int? page, int? pageSize, string? sort,
        IReadOnlyCollection<string> sortKeys, string defaultSort)
    {
        var problems = new List<Problem>();
        if (page is < 1) problems.Add(Problem.Invalid("paging.page_invalid", "page", "page starts at 1."));
        if (pageSize is < 1 or > MaxPageSize)
            problems.Add(Problem.Invalid("paging.page_size_invalid", "pageSize", "pageSize is between 1 and {0}.", MaxPageSize));

        var descending = sort?.StartsWith('-') == true;
        var key = string.IsNullOrWhiteSpace(sort) ? defaultSort : sort.TrimStart('-', '+');
        if (!sortKeys.Contains(key))
            problems.Add(Problem.Invalid("paging.sort_invalid", "sort", "'{0}' is not a sort order: use one of {1}, with - for descending.",
                key.Length > 30 ? key[..30] : key, string.Join(", ", sortKeys)));

        return problems.Count > 0 ? (null, problems) : (new Paging(page ?? 1, pageSize ?? 50, key, descending), problems);
    }

    public async Task<Page<T>> ToPageAsync<T>(IQueryable<T> query, CancellationToken cancellation)
    {
        var page = await query.ToPagedListAsync(PageNumber, PageSize, cancellation);
        return new Page<T>(page.ToList(), PageNumber, PageSize, page.TotalItemCount);
    }
}
