namespace Fleet.Server.Web;

/// <summary>
/// Where a searchable list stands: the page shown, how many there are, and the search that made it — what the page
/// links under a list are drawn from (<c>_Pager</c>).
/// </summary>
public sealed record Pager(int Page, long TotalPages, string Path, string? Q)
{
    public const int Size = 25;

    public bool HasPrevious => Page > 1;

    public bool HasNext => Page < TotalPages;

    public string Link(int page)
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(Q)) query.Add("q=" + Uri.EscapeDataString(Q.Trim()));
        if (page > 1) query.Add("pageNumber=" + page);
        return query.Count == 0 ? Path : $"{Path}?{string.Join('&', query)}";
    }

    /// <summary>A page number asked for in the address, kept within 1 and a million like the API's.</summary>
    public static int Clamp(int? page) => Math.Clamp(page ?? 1, 1, 1_000_000);

    public static long Pages(long total) => Math.Max(1, (total + Size - 1) / Size);
}
