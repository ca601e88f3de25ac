using Fleet.Domain.People;

namespace Fleet.Server.Web.Exports;

/// <summary>
/// What every export shares: the signed-in person, the queries they may ask (the list pages' own, through the same
/// handler and so with the same scope), the reader's words and the city's clock.
/// </summary>
public sealed class Export(HttpContext http)
{
    /// <summary>The most rows one sheet holds; a list with more says so in its last row, and a narrower filter gets the rest.</summary>
    public const int RowLimit = 10_000;

    /// <summary>Rows are read a page of the list's query at a time, its largest page.</summary>
    public const int PageSize = Paging.MaxPageSize;

    public HttpContext Http => http;
    public Actor Me { get; } = Actor.Of(http.User);
    public WebText Text { get; } = http.RequestServices.GetRequiredService<WebText>();
    public DateTimeZone Zone { get; } = http.RequestServices.GetRequiredService<DateTimeZone>();
    public CancellationToken Cancellation => http.RequestAborted;

    public LocalDate Today => http.RequestServices.GetRequiredService<IClock>().GetCurrentInstant().InZone(Zone).Date;

    public IDocumentStore Store => http.RequestServices.GetRequiredService<IDocumentStore>();

    public IQuerySession Read() => Store.QuerySession(Me.Pool);

    public Task<Outcome<T>> AskAsync<T>(Query<T> query) => http.RequestServices.GetRequiredService<IMessageBus>().AskAsync(query, Me, Cancellation);

    public IResult Refused(IReadOnlyList<Problem> problems) => FleetProblems.From(problems, http.RequestServices.GetRequiredService<ProblemText>());

    public string this[string key] => Text[key];

    public string[] Headers(params string[] keys) => keys.Select(k => Text[k]).ToArray();

    /// <summary>A moment as the city's wall clock shows it, as a spreadsheet date and time.</summary>
    public DateTime? Local(Instant? instant) => instant?.InZone(Zone).LocalDateTime.ToDateTimeUnspecified();

    /// <summary>A day as a spreadsheet date, shown without a time.</summary>
    public static DateOnly? Date(LocalDate? date) => date?.ToDateOnly();

    public string Term(Enum? value) => value is null ? "" : Text.Term(value);

    public string List(IEnumerable<string> items) => Text.List(items);

    /// <summary>The names of the organisations the reader may see, by code, for lists that store the code.</summary>
    public async Task<IReadOnlyDictionary<string, string>> OrganisationNamesAsync()
    {
        await using var session = Read();
        return (await Organisations.OrganisationDirectory.Visible(session, Me).ToListAsync(Cancellation)).DistinctBy(o => o.Code).ToDictionary(o => o.Code, o => o.Name);
    }

    public Task<IReadOnlyDictionary<string, string>> PoolNamesAsync() => PoolNames.OfCityAsync(Store, Me.Pool, Cancellation);

    public Task<IResult> FileAsync(ExportName name, params Sheet[] sheets) => Workbook.FileAsync(http, name, sheets);

    /// <summary>
    /// A paged list as one sheet: the first page is asked before the file begins, so that a refused filter is answered with
    /// its problem; the next pages are read while the workbook is written, up to <see cref="RowLimit"/> rows.
    /// </summary>
    public async Task<IResult> ListAsync<T>(ExportName name, string sheet, IReadOnlyList<string> headers, Func<int, int, Query<Page<T>>> page,
        Func<IReadOnlyList<T>, Task<IEnumerable<object?[]>>> rows)
    {
        var first = await AskAsync(page(1, PageSize));
        if (!first.Accepted) return Refused(first.Problems);
        return await FileAsync(name, new Sheet(sheet, headers, PagesAsync(first.Value!, page, rows)));
    }

    private async IAsyncEnumerable<object?[]> PagesAsync<T>(Page<T> first, Func<int, int, Query<Page<T>>> page,
        Func<IReadOnlyList<T>, Task<IEnumerable<object?[]>>> rows)
    {
        var (current, written) = (first, 0);
        while (true)
        {
            foreach (var row in await rows(current.Items.Take(RowLimit - written).ToList()))
            {
                written++;
                yield return row;
            }

            if (written >= RowLimit || current.Items.Count < PageSize) break;
            var next = await AskAsync(page(current.PageNumber + 1, PageSize));
            if (!next.Accepted || next.Value!.Items.Count == 0) break;
            current = next.Value;
        }

        if (first.TotalItems > written && written >= RowLimit) yield return [Truncated(written, first.TotalItems)];
    }

    /// <summary>The last row of a sheet that stopped at the limit: how many of how many, and what to do about it.</summary>
    public string Truncated(long written, long total) => Text.Format("export.truncated", written, total);

    /// <summary>The names of the people a page of rows names, looked up once for the page.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> UserNamesAsync(IEnumerable<Guid> ids)
    {
        var wanted = ids.Distinct().ToArray();
        if (wanted.Length == 0) return new Dictionary<Guid, string>();
        await using var session = Read();
        var query = Me.SeesWholeCity ? session.Query<User>().Where(u => u.InCity()) : session.Query<User>();
        return (await query.Where(u => u.Id.IsOneOf(wanted)).ToListAsync(Cancellation)).ToDictionary(u => u.Id, u => u.DisplayName);
    }
}
