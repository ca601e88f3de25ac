using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Marten;
using Marten.Linq.MatchesSql;

namespace Fleet.Server.Trips.Viewing;

/// <summary>
/// Clerks and approvers see their unit's trips; dispatchers, fleet admins and supervisors the pool's.
/// <see cref="AwaitingApproval"/> is an approver's inbox: requests of others they have not yet approved, waiting at a step
/// of their office (the unit's, for the pool office's approvers the pool's, and for the city office's also every pool's
/// requests waiting at a step of the city's).
/// <see cref="FlaggedForReview"/> lists the emergency trips approved at once; <see cref="AwaitingReview"/> those of them
/// the unit head has not reviewed yet. <see cref="From"/> and <see cref="To"/> are the first and last local day the
/// trips start on; <see cref="Search"/> finds a dispatch order number (whole or part), a plate, a requester's name or
/// login, a destination or the purpose. <see cref="Open"/> keeps the trips not yet over (requested up to under way),
/// <see cref="Mine"/> those the asker requested.
/// </summary>
public sealed record ListTrips(string? Status = null, bool? AwaitingApproval = null, bool? FlaggedForReview = null, bool? AwaitingReview = null,
    int? Page = null, int? PageSize = null, string? Sort = null, string? From = null, string? To = null, string? Search = null, bool? Open = null, bool? Mine = null) : Query<Page<Trip>>;

public static class ListTripsHandler
{
    private static readonly string[] SortKeys = ["start"];

    public const int SearchMaxLength = 100;

    private static readonly TripStatus[] OpenStatuses =
        [TripStatus.Requested, TripStatus.Approved, TripStatus.Dispatched, TripStatus.Accepted, TripStatus.InProgress];

    public static async Task<Outcome<Page<Trip>>> Handle(ListTrips asked, IQuerySession session, DateTimeZone zone, CancellationToken cancellation)
    {
        var (paging, pagingProblems) = Paging.Parse(asked.Page, asked.PageSize, asked.Sort, SortKeys, "start");
        var problems = pagingProblems.ToList();
        var wanted = QueryFilter.Parse<TripStatus>(asked.Status, "status", problems);
        var first = QueryCalendar.Day(asked.From, "from", "trips.day_invalid", problems);
        var last = QueryCalendar.Day(asked.To, "to", "trips.day_invalid", problems);
        if (first is { } f && last is { } l && l < f)
            problems.Add(Problem.Invalid("trips.range_invalid", "to", "The last day {0} comes before the first day {1}.", l, f));
        var search = asked.Search?.Trim();
        if (search is { Length: > SearchMaxLength })
            problems.Add(Problem.Invalid("trips.search_too_long", "search", "Search for at most {0} characters.", SearchMaxLength));
        if (paging is null || problems.Count > 0) return Outcome<Page<Trip>>.Refused(problems);

        var actor = asked.By;
        var query = session.Query<Trip>().AsQueryable();
        if (!TripVisibility.SeesPool(actor)) query = query.Where(t => t.UnitCode == actor.OrganisationCode);
        if (wanted is { } w) query = query.Where(t => t.Status == w);
        if (asked.AwaitingApproval == true)
        {
            var me = actor.UserId;
            query = query.Where(t => t.Status == TripStatus.Requested && t.RequestedBy != me && !t.Approvals.Contains(me));
            // Each office sees the requests waiting at its own step. A trip stored before chains waits at the unit's. The
            // city's office signs its steps of every pool's trips: the one inbox that crosses pools.
            var pool = actor.Pool;
            query = TripVisibility.IsCityOfficeApprover(actor)
                ? query.Where(t => t.InCity() && (t.NextOffice == ApprovalOffice.CityOffice || (t.Pool == pool && t.NextOffice == ApprovalOffice.PoolOffice)))
                : TripVisibility.IsPoolOfficeApprover(actor)
                    ? query.Where(t => t.NextOffice == ApprovalOffice.PoolOffice)
                    : query.Where(t => t.NextOffice == null || t.NextOffice == ApprovalOffice.Unit);
        }

        if (asked.Open == true) query = query.Where(t => t.Status.IsOneOf(OpenStatuses));
        if (asked.Mine == true)
        {
            var me = actor.UserId;
            query = query.Where(t => t.RequestedBy == me);
        }

        if (asked.FlaggedForReview is { } flagged) query = query.Where(t => t.FlaggedForReview == flagged);
        if (asked.AwaitingReview == true) query = query.Where(t => t.FlaggedForReview && t.ReviewOutcome == null);
        if (first is { } from)
        {
            var start = zone.AtStartOfDay(from).ToInstant();
            query = query.Where(t => t.Details.Start >= start);
        }

        if (last is { } to)
        {
            var end = zone.AtStartOfDay(to.PlusDays(1)).ToInstant();
            query = query.Where(t => t.Details.Start < end);
        }

        if (!string.IsNullOrEmpty(search)) query = await MatchingAsync(query, session, search, cancellation);
        query = paging.Descending ? query.OrderByDescending(t => t.Details.Start) : query.OrderBy(t => t.Details.Start);
        return await paging.ToPageAsync(query, cancellation);
    }

    /// <summary>
    /// One text finds a trip by what a clerk or dispatcher has at hand: the order number as printed (420102-2026-00012, or
    /// a part of it), the plate, who asked, where to or what for. Searched in the database, never in a loaded history.
    /// </summary>
    private static async Task<IQueryable<Trip>> MatchingAsync(IQueryable<Trip> query, IQuerySession session, string search, CancellationToken cancellation)
    {
        var requesters = (await session.Query<User>()
                .Where(u => u.DisplayName.Contains(search) || u.LoginName.Contains(search))
                .Select(u => u.Id).Take(200).ToListAsync(cancellation))
            .Select(id => id.ToString()).ToArray();
        // Each condition is on the search text of one of TripMapping's indexed expressions, so that PostgreSQL finds the trips
        // through the indexes, Chinese searches included.
        var texts = string.Join(" OR ", TripMapping.Searched.Select(s => SearchText.Contains(string.Format(s.Expression, "d.data"), "?")));
        object[] parameters = [.. TripMapping.Searched.Select(_ => (object)search), requesters];
        return query.Where(t => t.MatchesSql($"({texts} OR {string.Format(TripMapping.RequestedBy, "d.data")} = ANY(?))", parameters));
    }
}

public static class ListTripsEndpoint
{
    /// <summary><c>?status=Completed&amp;from=2026-11-01&amp;to=2026-11-30&amp;search=420102-2026-00012</c></summary>
    [WolverineGet("/api/trips", OperationId = "ListTrips"), Tags("Trips")]
    public static Task<Results<Ok<Page<Trip>>, ProblemHttpResult>> Get(string? status, bool? awaitingApproval, bool? flaggedForReview,
        bool? awaitingReview, int? page, int? pageSize, string? sort, string? from, string? to, string? search, bool? open, bool? mine, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ListTrips(status, awaitingApproval, flaggedForReview, awaitingReview, page, pageSize, sort, from, to, search, open, mine), http);
}
