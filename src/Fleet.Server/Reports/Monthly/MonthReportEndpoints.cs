using System.Security.Claims;
using Fleet.Domain.Common;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Logbook;
using Fleet.Projections.Reports;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Security;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;
using Wolverine.Http;

namespace Fleet.Server.Reports.Monthly;

/// <summary>The city's districts and its own pool side by side for one month, from the same logbooks.</summary>
public sealed record CityOverview(string Month, IReadOnlyList<PoolFigures> Pools, PoolFigures City);

/// <summary>
/// The monthly figures that replace the hand-made reports: utilization, distance, energy and costs per car, use per
/// unit for charge-back, and ratings per driver — and for the city, every pool's key figures side by side.
/// </summary>
public static class MonthReportEndpoints
{
    [WolverineGet("/api/reports/month", OperationId = "GetMonthReport"), Tags("Reports")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Dispatcher)},{nameof(Role.Supervisor)}")]
    public static async Task<Results<Ok<MonthReport>, ProblemHttpResult>> Pool(string? month, ClaimsPrincipal user, IQuerySession session, DateTimeZone zone,
        ProblemText text, CancellationToken cancellation)
    {
        if (Parse(month) is not { } wanted) return FleetProblems.From([MonthProblem(month)], text);
        return TypedResults.Ok(await BuildAsync(session, Actor.Of(user).Pool, wanted, zone, cancellation));
    }

    /// <summary>For a supervisor of the city: what every district does, without anybody re-typing a report.</summary>
    [WolverineGet("/api/reports/city", OperationId = "GetCityOverview"), Tags("Reports")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static async Task<Results<Ok<CityOverview>, ProblemHttpResult>> City(string? month, ClaimsPrincipal user, IDocumentStore store,
        IQuerySession session, DateTimeZone zone, ProblemText text, CancellationToken cancellation)
    {
        if (!Actor.Of(user).SeesWholeCity)
            return FleetProblems.From([Problem.Forbidden("report.city_only", "Only a supervisor of the city sees every district side by side.")], text);
        if (Parse(month) is not { } wanted) return FleetProblems.From([MonthProblem(month)], text);

        var pools = await session.Query<Organisation>().Where(o => o.AnyTenant() && o.Code == o.Pool && !o.Closed).OrderBy(o => o.Code)
            .ToListAsync(cancellation);
        var figures = new List<PoolFigures>();
        foreach (var pool in pools.DistinctBy(p => p.Code))
        {
            await using var poolSession = store.QuerySession(pool.Code);
            figures.Add((await BuildAsync(poolSession, pool.Code, wanted, zone, cancellation)).Totals);
        }

        return TypedResults.Ok(new CityOverview(YearMonthPattern.Iso.Format(wanted), figures, Sum(figures)));
    }

    private static async Task<MonthReport> BuildAsync(IQuerySession session, string pool, YearMonth month, DateTimeZone zone, CancellationToken cancellation)
    {
        var from = zone.AtStartOfDay(month.OnDayOfMonth(1)).ToInstant();
        var until = zone.AtStartOfDay(month.OnDayOfMonth(1).PlusMonths(1)).ToInstant();
        var entries = await session.Query<LogbookEntry>().Where(e => e.DepartedAt >= from && e.DepartedAt < until).ToListAsync(cancellation);
        var vehicles = await session.Query<Vehicle>().ToListAsync(cancellation);
        return MonthReports.Build(pool, month, zone, entries, vehicles);
    }

    /// <summary>Sums of sums; ratios are taken again from the sums, never averaged over pools.</summary>
    private static PoolFigures Sum(IReadOnlyList<PoolFigures> pools)
    {
        decimal S(Func<PoolFigures, decimal> f) => pools.Sum(f);
        var hours = S(p => p.HoursInUse);
        var available = S(p => p.AvailableHours);
        var distance = S(p => p.DistanceKm);
        var cost = S(p => p.Cost);
        var ratings = pools.Sum(p => p.Ratings);
        var stars = pools.Sum(p => (p.AverageRating ?? 0) * p.Ratings);
        return new PoolFigures("city", pools.Sum(p => p.Vehicles), pools.Sum(p => p.Trips), hours, available,
            available == 0 ? 0 : Math.Round(hours / available, 4), distance, S(p => p.FuelLitres), S(p => p.EnergyKilowattHours), cost,
            distance == 0 ? null : Math.Round(cost / distance * 100, 2), ratings, ratings == 0 ? null : Math.Round(stars / ratings, 2),
            pools.Sum(p => p.Disputes));
    }

    private static YearMonth? Parse(string? month) =>
        month is { Length: > 0 } && YearMonthPattern.Iso.Parse(month.Trim()) is { Success: true } parsed ? parsed.Value : null;

    private static Problem MonthProblem(string? month) => string.IsNullOrWhiteSpace(month)
        ? Problem.Required("month")
        : Problem.Invalid("logbook.month_invalid", "month", "'{0}' is not a month: write it as 2026-11.", month.Length > 20 ? month[..20] : month);
}
