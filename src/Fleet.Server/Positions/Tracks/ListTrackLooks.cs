using Fleet.Domain.People;
using Fleet.Domain.Positions.Tracks;
using Fleet.Server.Reports;

namespace Fleet.Server.Positions.Tracks;

/// <summary>
/// Who looked at which car's track, when and for which period, in one month: the looks themselves audited, by
/// supervisors only — a district's for its pool, the city's for every pool. <see cref="Month"/> defaults to this month.
/// </summary>
public sealed record ListTrackLooks(string? Month = null) : Query<IReadOnlyList<TrackLookLine>>;

public sealed record TrackLookLine(string Pool, TrackViewed Look);

public static class ListTrackLooksHandler
{
    public static async Task<Outcome<IReadOnlyList<TrackLookLine>>> Handle(ListTrackLooks asked, IQuerySession session, TrackLookBook looks,
        IClock clock, DateTimeZone zone, CancellationToken cancellation)
    {
        if (!asked.By.Has(Role.Supervisor))
            return Outcome<IReadOnlyList<TrackLookLine>>.Refused(Problem.Forbidden("track.looks_supervisors_only",
                "The record of who looked at tracks is kept for supervisors."));
        var problems = new List<Problem>();
        var month = QueryCalendar.Month(asked.Month, "month", "track.month_invalid", problems)
                    ?? clock.GetCurrentInstant().InZone(zone).Date.ToYearMonth();
        if (problems.Count > 0) return Outcome<IReadOnlyList<TrackLookLine>>.Refused(problems);

        var lines = new List<TrackLookLine>();
        foreach (var pool in await ReportScope.PoolsAsync(session, asked.By, cancellation))
            lines.AddRange((await looks.MonthAsync(pool, month, cancellation)).Select(look => new TrackLookLine(pool, look)));
        return lines.OrderByDescending(l => l.Look.ViewedAt).ToList();
    }
}

public static class ListTrackLooksEndpoint
{
    /// <summary><c>?month=2026-11</c></summary>
    [WolverineGet("/api/track-looks", OperationId = "ListTrackLooks"), Tags("Positions")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    [EndpointSummary("Who looked at which car's track in a month, for supervisors")]
    public static Task<Results<Ok<IReadOnlyList<TrackLookLine>>, ProblemHttpResult>> Get(string? month, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ListTrackLooks(month), http);
}
