using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Projections.Logbook;

namespace Fleet.Server.Reports.Figures;

/// <summary>One trip's rating as the person served gave it, with the trip it is about.</summary>
public sealed record TripRating(Guid TripId, string? OrderNumber, Instant DepartedAt, string? Plate, string? DriverName, string UnitCode, string UnitName,
    int Stars, string? Comment);

/// <summary>A page of a period's ratings, the trips that left last first, and how many of the period's were low.</summary>
public sealed record RatingsReport(string Period, IReadOnlyList<TripRating> Ratings, int PageNumber, int PageSize, long TotalRatings, long LowRatings)
{
    public long TotalPages => (TotalRatings + PageSize - 1) / PageSize;
}

/// <summary>
/// The ratings of the trips that left in a period (<c>?period=</c> a day, a month or a year), one by one with what the
/// people served wrote: the latest trips first, or only the low ones (<c>low=true</c>, one or two stars), a page at a
/// time (<c>page</c>, <c>pageSize</c>). The averages per driver stay in the figures; this is what lies behind them.
/// </summary>
public sealed record GetRatings(string? Period, bool? Low = null, int? Page = null, int? PageSize = null) : Query<RatingsReport>;

public static class RatingsEndpoint
{
    [WolverineGet("/api/reports/ratings", OperationId = "GetRatings"), Tags("Reports")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Dispatcher)},{nameof(Role.Supervisor)}")]
    public static Task<Results<Ok<RatingsReport>, ProblemHttpResult>> Get(string? period, bool? low, int? page, int? pageSize, HttpContext http,
        IMessageBus bus) =>
        bus.AnswerAsync(new GetRatings(period, low, page, pageSize), http);
}

public static class RatingsHandler
{
    /// <summary>One or two stars: what a supervisor follows up.</summary>
    public const int LowestGood = 3;

    private static readonly string[] SortKeys = ["departed"];

    public static async Task<Outcome<RatingsReport>> Handle(GetRatings asked, IQuerySession session, DateTimeZone zone, CancellationToken cancellation)
    {
        var (paging, pagingProblems) = Paging.Parse(asked.Page, asked.PageSize, null, SortKeys, "departed");
        var problems = pagingProblems.ToList();
        var wanted = ReportScope.Period(asked.Period, problems);
        if (paging is null || wanted is null || problems.Count > 0) return Outcome<RatingsReport>.Refused(problems);

        var period = wanted.In(zone);
        var (from, until) = (period.Start, period.End);
        // The departure index narrows the period; the stars are read from the lines of that period only.
        var rated = session.Query<LogbookEntry>().Where(e => e.DepartedAt >= from && e.DepartedAt < until && e.Stars != null);
        var low = rated.Where(e => e.Stars < LowestGood);
        var listed = asked.Low == true ? low : rated;
        var page = await paging.ToPageAsync(listed.OrderByDescending(e => e.DepartedAt).ThenBy(e => e.Id), cancellation);
        var lowCount = asked.Low == true ? page.TotalItems : await low.CountAsync(cancellation);

        var codes = page.Items.Select(e => e.UnitCode).Distinct().ToList();
        var units = codes.Count == 0 ? new Dictionary<string, string>()
            : (await session.Query<Organisation>().Where(o => o.Code.IsOneOf(codes)).ToListAsync(cancellation)).ToDictionary(o => o.Code, o => o.Name);
        var ratings = page.Items.Select(e => new TripRating(e.Id, e.OrderNumber, e.DepartedAt!.Value, e.Plate, e.DriverName, e.UnitCode,
            units.GetValueOrDefault(e.UnitCode, e.UnitCode), e.Stars!.Value, e.RatingComment)).ToList();
        return new RatingsReport(wanted.Label, ratings, page.PageNumber, page.PageSize, page.TotalItems, lowCount);
    }
}
