using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.Trips.Driving;

/// <summary>The trips the signed-in driver has brought back, latest first, a page at a time.</summary>
public sealed record ListMyTripHistory(int? Page = null, int? PageSize = null) : Query<Page<Trip>>;

public static class MyTripHistoryEndpoint
{
    [WolverineGet("/api/my/trips", OperationId = "ListMyTripHistory"), Tags("Driving")]
    [Authorize(Roles = nameof(Role.Driver))]
    public static Task<Results<Ok<Page<Trip>>, ProblemHttpResult>> Get(int? page, int? pageSize, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ListMyTripHistory(page, pageSize), http);
}

public static class ListMyTripHistoryHandler
{
    private static readonly TripStatus[] Back = [TripStatus.Completed, TripStatus.Closed];
    private static readonly string[] SortKeys = ["start"];

    public static async Task<Outcome<Page<Trip>>> Handle(ListMyTripHistory asked, IQuerySession session, CancellationToken cancellation)
    {
        var (paging, problems) = Paging.Parse(asked.Page, asked.PageSize, "-start", SortKeys, "start");
        if (paging is null) return Outcome<Page<Trip>>.Refused(problems);

        // An account linked to no driver has driven nothing: an empty history, not a refusal.
        var driverId = await SignedInDriver.IdAsync(session, asked.By, cancellation);
        if (driverId is not { } me) return Outcome<Page<Trip>>.Of(new Page<Trip>([], paging.PageNumber, paging.PageSize, 0));

        var query = session.Query<Trip>()
            .Where(t => t.Assignment != null && t.Assignment.DriverId == me && t.Status.In(Back))
            .OrderByDescending(t => t.Details.Start);
        return await paging.ToPageAsync(query, cancellation);
    }
}
