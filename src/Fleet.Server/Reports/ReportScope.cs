using Fleet.Domain.Common;
using Fleet.Domain.Organisations;
using Fleet.Server.Infrastructure.Security;
using Marten;

namespace Fleet.Server.Reports;

/// <summary>What every report asks first: which period, and which pools the reader may see.</summary>
public static class ReportScope
{
    public static Problem PeriodProblem(string? period) => string.IsNullOrWhiteSpace(period)
        ? Problem.Required("period")
        : Problem.Invalid("report.period_invalid", "period", "'{0}' is not a period: write a day (2026-11-03), a month (2026-11) or a year (2026).",
            period.Length > 20 ? period[..20] : period);

    /// <summary>Every open pool of the city for a supervisor of the city, in code order; otherwise the reader's own.</summary>
    public static async Task<IReadOnlyList<string>> PoolsAsync(IQuerySession session, Actor actor, CancellationToken cancellation)
    {
        if (!actor.SeesWholeCity) return [actor.Pool];
        var pools = await session.Query<Organisation>().Where(o => o.AnyTenant() && o.Code == o.Pool && !o.Closed).OrderBy(o => o.Code)
            .ToListAsync(cancellation);
        return pools.Select(o => o.Code).Distinct().ToList();
    }
}
