
namespace Fleet.Server.Infrastructure.Http;

/// <summary>One page of a list, with what a client needs to show "page 2 of 7".</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long TotalItems)
{
    public long TotalPages => (TotalItems + PageSize - 1) / PageSize;
}

/// <summary>
/// Validated paging and sorting from a query string: <c>?page=2&amp;pageSize=50&amp;sort=-name</c>. Both numbers have a
/// stated range, refused outside it; a page inside the range but past the last one is empty and still tells the totals,
/// so that a client that went too far learns where the list ends.
/// </summary>
public sealed record Paging(int PageNumber, int PageSize, string Sort, bool Descending)
{
    public const int MaxPageSize = 200;

    /// <summary>Two hundred million rows at the largest page size: beyond any list a pool keeps, and an offset that still fits an int.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>How many rows come before the page.</summary>
    public int Skip => (PageNumber - 1) * PageSize;

    public static (Paging? Paging, IReadOnlyList<Problem> Problems) Parse(int? page, int? pageSize, string? sort,
        IReadOnlyCollection<string> sortKeys, string defaultSort)
    {
        var problems = new List<Problem>();
        if (page is < 1 or > MaxPage) problems.Add(Problem.Invalid("paging.page_invalid", "page", "The page number is between 1 and {0}.", MaxPage));
        if (pageSize is < 1 or > MaxPageSize)
            problems.Add(Problem.Invalid("paging.page_size_invalid", "pageSize", "The page size is between 1 and {0}.", MaxPageSize));

        var descending = sort?.StartsWith('-') == true;
        var key = string.IsNullOrWhiteSpace(sort) ? defaultSort : sort.TrimStart('-', '+');
        if (!sortKeys.Contains(key))
            problems.Add(Problem.Invalid("paging.sort_invalid", "sort", "'{0}' is not a sort order: use one of {1}, with - for descending.",
                key.Length > 30 ? key[..30] : key, string.Join(", ", sortKeys)));

        return problems.Count > 0 ? (null, problems) : (new Paging(page ?? 1, pageSize ?? 50, key, descending), problems);
    }

    public async Task<Page<T>> ToPageAsync<T>(IQueryable<T> query, CancellationToken cancellation) where T : notnull
    {
        var items = await query.Skip(Skip).Take(PageSize).ToListAsync(cancellation);
        // A page short of full, or an empty first page, ends the list and so tells its length; a full page or one past
        // the end does not, and the list is counted. (Marten's own count rides on the page's rows: past the end, none.)
        var total = items.Count < PageSize && (items.Count > 0 || PageNumber == 1) ? Skip + items.Count : await query.CountAsync(cancellation);
        return new Page<T>(items, PageNumber, PageSize, total);
    }
}
