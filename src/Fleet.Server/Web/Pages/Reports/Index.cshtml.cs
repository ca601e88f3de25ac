using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Projections.Trips;
using Fleet.Projections.Compliance;
using Fleet.Projections.Logbook;
using Fleet.Projections.Reports;
using Fleet.Server.Reports.Compliance;
using Fleet.Server.Reports.Figures;
using Microsoft.AspNetCore.Mvc;
using Fleet.Server.Scheduling;
using Fleet.Domain.Settlement;
using Fleet.Server.Settlement.Statements;

namespace Fleet.Server.Web.Pages.Reports;

/// <summary>
/// The supervisor's dashboards for a month or a year: utilization per car, distance and cost per unit, the months of
/// the year, satisfaction, compliance flags by kind, and for the city every district side by side. The figures are
/// the report endpoints' own; the charts are drawn by ECharts from them.
/// </summary>
[Authorize(Roles = $"{nameof(Role.Supervisor)},{nameof(Role.FleetAdmin)},{nameof(Role.Dispatcher)}")]
public sealed class ReportsModel : WebPage
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public PeriodReport? Figures { get; private set; }
    public ComplianceReport? Compliance { get; private set; }
    public CityOverview? City { get; private set; }
    public string ChartsJson { get; private set; } = "{}";
    public IReadOnlyDictionary<string, string> Units { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync()
    {
        var t = Service<WebText>();
        // The last full month: the current one holds a few days and would read as an idle fleet.
        Period ??= Clock.GetCurrentInstant().InZone(Zone).Date.ToYearMonth().PlusMonths(-1).ToString("uuuu-MM", null);
        Figures = await AskAsync(new GetPoolFigures(Period));
        if (Figures is null) return;

        if (Is(Role.Supervisor) || Is(Role.FleetAdmin))
            Compliance = await AskAsync(new GetComplianceFlags(Period, Page: 1, PageSize: 1));
        if (Me.SeesWholeCity)
        {
            City = await AskAsync(new GetCityOverview(Period));
            PoolNames = await Web.PoolNames.OfCityAsync(Store, Me.Pool, HttpContext.RequestAborted);
        }

        // What the units were charged: the statements of the month, or of the months of the year.
        if ((Is(Role.Supervisor) || Is(Role.FleetAdmin)) && ReportPeriod.Parse(Period) is { } period)
            Settled = period.Label.Length switch
            {
                4 => await AskAsync(new GetSettledCosts(period.First.Year)),
                7 => await AskAsync(new GetSettledCosts(null, period.Label)),
                _ => null,
            };
        LowRatings = await AskAsync(new GetRatings(Period, Low: true, Page: 1, PageSize: 3));
        await using (var session = Read())
            Policy = (await session.LoadAsync<CurrentApprovalPolicy>(CurrentApprovalPolicy.StreamId, HttpContext.RequestAborted))?.ToPolicy()
                     ?? ApprovalPolicy.Default;
        var months = await MonthsAsync(ReportPeriod.Parse(Period)!.First.Year);
        Units = await UnitNamesAsync();
        var busiest = Figures.Vehicles.OrderByDescending(v => v.WorkingHoursUtilization).Take(20).ToList();
        var units = Figures.Units.OrderByDescending(u => u.Cost).Take(15).ToList();
        var rated = Figures.Drivers.Where(d => d.Average is not null).OrderByDescending(d => d.Ratings).Take(15).ToList();
        var (percent, count, km, yuan, stars) = (t["reports.axis_percent"], t["reports.axis_trips"], t["reports.axis_km"], t["reports.axis_yuan"],
            t["reports.axis_stars"]);
        var charts = new Dictionary<string, object?>
        {
            ["utilization"] = ChartData.Bars(busiest.Select(v => v.Plate), [(t["reports.utilization_percent"], percent, busiest.Select(v => v.WorkingHoursUtilization * 100))]),
            ["units"] = ChartData.Bars(units.Select(u => Units.GetValueOrDefault(u.UnitCode, u.UnitCode)),
                [(t["reports.distance_km"], km, units.Select(u => u.DistanceKm)), (t["reports.cost_yuan"], yuan, units.Select(u => u.Cost))]),
            ["months-trips"] = ChartData.Lines(months.Select(m => m.Month), [(t["reports.trips"], count, months.Select(m => (decimal)m.Trips))]),
            ["months-amounts"] = ChartData.Lines(months.Select(m => m.Month),
                [(t["reports.distance_km"], km, months.Select(m => m.DistanceKm)), (t["reports.cost_yuan"], yuan, months.Select(m => m.Cost))]),
            ["satisfaction"] = ChartData.Bars(rated.Select(d => d.Name), [(t["reports.average_stars"], stars, rated.Select(d => d.Average!.Value))]),
            ["compliance"] = Compliance is null ? null : ChartData.Bars(Compliance.ByKind.Keys.Select(k => t.Term(k)),
                [(t["reports.flags"], count, Compliance.ByKind.Values.Select(v => (decimal)v))]),
            ["city"] = City is null ? null : ChartData.Bars(City.Pools.Select(p => PoolName(p.Pool)),
                [(t["reports.trips"], count, City.Pools.Select(p => (decimal)p.Trips)), (t["reports.distance_km"], km, City.Pools.Select(p => p.DistanceKm))]),
        };
        ChartsJson = JsonSerializer.Serialize(charts);
    }

    /// <summary>What the period's statements charged the units, per unit and per class of car; none for a day or where nobody settles.</summary>
    public SettledCosts? Settled { get; private set; }

    /// <summary>The latest low ratings of the period, shown first under satisfaction, with how many there are.</summary>
    public RatingsReport? LowRatings { get; private set; }

    /// <summary>The policy whose working hours utilization is measured against.</summary>
    public ApprovalPolicy Policy { get; private set; } = ApprovalPolicy.Default;

    /// <summary>The policy's working days in words, Monday first: 周一、周二… or Monday, Tuesday…</summary>
    public string Workdays
    {
        get
        {
            var t = Service<WebText>();
            return t.List(Policy.Workdays.Order().Select(d => t[$"reports.day_{d.ToString().ToLowerInvariant()}"]));
        }
    }

    public IReadOnlyDictionary<string, string> PoolNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>A district by its name; the row of the whole city says so.</summary>
    public string PoolName(string pool) =>
        pool == "city" ? Service<WebText>()["reports.whole_city"] : PoolNames.GetValueOrDefault(pool, pool);

    public sealed record MonthFigures(string Month, int Trips, decimal DistanceKm, decimal Cost);

    /// <summary>Each month of the year from its period totals, for the trend: twelve documents, not a year of lines.</summary>
    private async Task<IReadOnlyList<MonthFigures>> MonthsAsync(int year)
    {
        var months = Enumerable.Range(1, 12).Select(month => ReportPeriod.Month(new YearMonth(year, month))).ToList();
        await using var session = Read();
        var totals = (await session.LoadManyAsync<PeriodTotals>(HttpContext.RequestAborted, months.Select(m => m.Key))).ToDictionary(t => t.Id);
        return months.Select(m => totals.GetValueOrDefault(m.Key) is { } t
                ? new MonthFigures(m.Key, t.Trips, t.Cars.Values.Sum(c => c.DistanceMetres) / 1000m, t.Cars.Values.Sum(c => c.Cost))
                : new MonthFigures(m.Key, 0, 0, 0))
            .ToList();
    }
}
