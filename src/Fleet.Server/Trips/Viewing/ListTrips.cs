using Fleet.Domain.Trips;

namespace Fleet.Server.Trips.Viewing;

/// <summary>
/// Clerks and approvers see their unit's trips; dispatchers, fleet admins and supervisors the pool's.
/// <see cref="AwaitingApproval"/> is an approver's inbox: requests of others they have not yet approved.
/// <see cref="FlaggedForReview"/> lists the emergency trips approved at once; <see cref="AwaitingReview"/> those of them
/// the unit head has not reviewed yet.
/// </summary>
public sealed record ListTrips(string? Status = null, bool? AwaitingApproval = null, bool? FlaggedForReview = null, bool? AwaitingReview = null,
    int? Page = null, int? PageSize = null, string? Sort = null) : Query<Page<Trip>>;

public static class ListTripsHandler
{
    private static readonly string[] SortKeys = ["start"];

    public static async Task<Outcome<Page<Trip>>> Handle(ListTrips asked, IQuerySession session, CancellationToken cancellation)
    {
        var (paging, pagingProblems) = Paging.Parse(asked.Page, asked.PageSize, asked.Sort, SortKeys, "start");
        var problems = pagingProblems.ToList();
        var wanted = QueryFilter.Parse<TripStatus>(asked.Status, "status", problems);
        if (paging is null || problems.Count > 0) return Outcome<Page<Trip>>.Refused(problems);

        var actor = asked.By;
        var query = session.Query<Trip>().AsQueryable();
        if (!TripVisibility.SeesPool(actor)) query = query.Where(t => t.UnitCode == actor.OrganisationCode);
        if (wanted is { } w) query = query.Where(t => t.Status == w);
        if (asked.AwaitingApproval == true)
        {
            var me = actor.UserId;
            query = query.Where(t => t.Status == TripStatus.Requested && t.RequestedBy != me && !t.Approvals.Contains(me));
        }

        if (asked.FlaggedForReview is { } flagged) query = query.Where(t => t.FlaggedForReview == flagged);
        if (asked.AwaitingReview == true) query = query.Where(t => t.FlaggedForReview && t.ReviewOutcome == null);
        query = paging.Descending ? query.OrderByDescending(t => t.Details.Start) : query.OrderBy(t => t.Details.Start);
        return await paging.ToPageAsync(query, cancellation);
    }
}

public static class ListTripsEndpoint
{
    [WolverineGet("/api/trips", OperationId = "ListTrips"), Tags("Trips")]
    public static Task<Results<Ok<Page<Trip>>, ProblemHttpResult>> Get(string? status, bool? awaitingApproval, bool? flaggedForReview,
        bool? awaitingReview, int? page, int? pageSize, string? sort, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ListTrips(status, awaitingApproval, flaggedForReview, awaitingReview, page, pageSize, sort), http);
}
