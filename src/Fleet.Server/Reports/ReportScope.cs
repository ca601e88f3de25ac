using Fleet.Domain.Organisations;
using Fleet.Projections.Reports;

namespace Fleet.Server.Reports;

/// <summary>What every report asks first: which period, and which pools the reader may see.</summary>
public static class ReportScope
{
    /// <summary>The period a report is asked for (<c>?period=</c> a day, a month or a year), or why there is none.</summary>
    public static ReportPeriod? Period(string? period, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(period))
        {
            problems.Add(Problem.Required("period"));
            return null;
        }

        var (wanted, outside) = ReportPeriod.Read(period);
        if (outside) problems.Add(QueryCalendar.Outside("period", period));
        else if (wanted is null)
            problems.Add(Problem.Invalid("report.period_invalid", "period", "'{0}' is not a period: write a day (2026-11-03), a month (2026-11) or a year (2026).",
                period.Length > 20 ? period[..20] : period));
        return wanted;
    }

    /// <summary>Every open pool of the city for a supervisor of the city, in code order; otherwise the reader's own.</summary>
    public static async Task<IReadOnlyList<string>> PoolsAsync(IQuerySession session, Actor actor, CancellationToken cancellation)
    {
        return actor.SeesWholeCity ? await OpenPoolsOfCityAsync(session, cancellation) : [actor.Pool];
    }

    /// <summary>Every open pool of the city the session is opened in, in code order.</summary>
    public static async Task<IReadOnlyList<string>> OpenPoolsOfCityAsync(IQuerySession session, CancellationToken cancellation)
    {
        var pools = await session.Query<Organisation>().Where(o => o.InCity() && o.Code == o.Pool && !o.Closed).OrderBy(o => o.Code)
            .ToListAsync(cancellation);
        return pools.Select(o => o.Code).Distinct().ToList();
    }
}
