using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Projections.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Reports;
using Fleet.Server.Calendar;
using Fleet.Server.Scheduling;

namespace Fleet.Server.Reports.Figures;

/// <summary>The city's districts and its own pool side by side for one month, from the same logbooks.</summary>
public sealed record CityOverview(string Period, IReadOnlyList<PoolFigures> Pools, PoolFigures City);

/// <summary>
/// A pool's figures for a day (2026-11-03), a month (2026-11) or a year (2026), replacing the hand-made reports:
/// utilization, distance, energy and costs per car, use per unit for charge-back, and ratings per driver.
/// </summary>
public sealed record GetPoolFigures(string? Period) : Query<PeriodReport>;

/// <summary>For a supervisor of the city: what every district does, without anybody re-typing a report.</summary>
public sealed record GetCityOverview(string? Period) : Query<CityOverview>;

public static class FiguresEndpoints
{
    [WolverineGet("/api/reports/figures", OperationId = "GetPoolFigures"), Tags("Reports")]
    [Authorize(Roles = $"{nameof(Role.FleetAdmin)},{nameof(Role.Dispatcher)},{nameof(Role.Supervisor)}")]
    public static Task<Results<Ok<PeriodReport>, ProblemHttpResult>> Pool(string? period, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetPoolFigures(period), http);

    [WolverineGet("/api/reports/city", OperationId = "GetCityOverview"), Tags("Reports")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static Task<Results<Ok<CityOverview>, ProblemHttpResult>> City(string? period, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetCityOverview(period), http);
}

public static class FiguresHandler
{
    public static async Task<Outcome<PeriodReport>> Handle(GetPoolFigures asked, IQuerySession session, PoolRoster roster, DateTimeZone zone,
        CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        if (ReportScope.Period(asked.Period, problems) is not { } wanted) return Outcome<PeriodReport>.Refused(problems);
        return await BuildAsync(session, roster, asked.By.Pool, wanted, zone, cancellation);
    }

    public static async Task<Outcome<CityOverview>> Handle(GetCityOverview asked, IDocumentStore store, IQuerySession session, PoolRoster roster,
        DateTimeZone zone, CancellationToken cancellation)
    {
        if (!asked.By.SeesWholeCity)
            return Outcome<CityOverview>.Refused(Problem.Forbidden("report.city_only", "Only a supervisor of the city sees every district side by side."));
        var problems = new List<Problem>();
        if (ReportScope.Period(asked.Period, problems) is not { } wanted) return Outcome<CityOverview>.Refused(problems);

        return await CityAsync(store, await ReportScope.PoolsAsync(session, asked.By, cancellation), roster, wanted, zone, cancellation);
    }

    /// <summary>A city's pools side by side and the city's sums, each pool read in its own session of the city's database.</summary>
    internal static async Task<CityOverview> CityAsync(IDocumentStore store, IReadOnlyList<string> pools, PoolRoster roster, ReportPeriod wanted,
        DateTimeZone zone, CancellationToken cancellation)
    {
        var figures = new List<PoolFigures>();
        foreach (var pool in pools)
        {
            await using var poolSession = store.QuerySession(pool);
            figures.Add((await BuildAsync(poolSession, roster, pool, wanted, zone, cancellation)).Totals);
        }

        return new CityOverview(wanted.Label, figures, Sum(figures, "city"));
    }

    private static async Task<PeriodReport> BuildAsync(IQuerySession session, PoolRoster roster, string pool, ReportPeriod period, DateTimeZone zone,
        CancellationToken cancellation)
    {
        var totals = await session.LoadAsync<PeriodTotals>(period.Key, cancellation) ?? new PeriodTotals { Id = period.Key };
        var (vehicles, drivers, _) = await roster.ForAsync(session, period.In(zone).Start, cancellation);
        var policy = (await session.LoadAsync<CurrentApprovalPolicy>(CurrentApprovalPolicy.StreamId, cancellation))?.ToPolicy() ?? ApprovalPolicy.Default;
        var calendar = await CalendarInForce.ForAsync(session, period.First.Year, period.EndExclusive.PlusDays(-1).Year, cancellation);
        return PeriodReports.Build(pool, period, zone, totals.ToSums(), vehicles, drivers.ToDictionary(d => d.Id, d => d.Name),
            WorkingTime.Of(policy, calendar, period));
    }

    /// <summary>Sums of sums; ratios are taken again from the sums, never averaged over pools.</summary>
    internal static PoolFigures Sum(IReadOnlyList<PoolFigures> pools, string label)
    {
        decimal S(Func<PoolFigures, decimal> f) => pools.Sum(f);
        var hours = S(p => p.HoursInUse);
        var available = S(p => p.AvailableHours);
        var distance = S(p => p.DistanceKm);
        var cost = S(p => p.Cost);
        var ratings = pools.Sum(p => p.Ratings);
        var working = S(p => p.WorkingHours);
        // Pools with different working hours have no one working day to show: the city's hours are their sum.
        var (days, perDay) = pools.Select(p => (p.WorkingDays, p.WorkdayHours)).Distinct().Count() == 1 ? (pools[0].WorkingDays, pools[0].WorkdayHours) : (0, 0m);
        var stars = pools.Sum(p => (p.AverageRating ?? 0) * p.Ratings);
        if (pools.Count == 0) return new PoolFigures(label, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, null, 0, 0, 0, 0, 0, 0);
        return new PoolFigures(label, pools.Sum(p => p.Vehicles), pools.Sum(p => p.Trips), hours, available,
            available == 0 ? 0 : Math.Round(hours / available, 4), distance, S(p => p.FuelLitres), S(p => p.EnergyKilowattHours), cost,
            distance == 0 ? null : Math.Round(cost / distance * 100, 2), ratings, ratings == 0 ? null : Math.Round(stars / ratings, 2),
            pools.Sum(p => p.Disputes), days, perDay, working, working == 0 ? 0 : Math.Round(hours / working, 4),
            pools.Max(p => p.DaysWithoutCalendar));
    }
}
