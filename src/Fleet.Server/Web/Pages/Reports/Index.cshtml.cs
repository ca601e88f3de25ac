using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Projections.Compliance;
using Fleet.Projections.Logbook;
using Fleet.Projections.Reports;
using Fleet.Server.Reports.Compliance;
using Fleet.Server.Reports.Figures;
using Microsoft.AspNetCore.Mvc;
using Fleet.Server.Scheduling;

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
            PoolNames = await Web.PoolNames.OfCityAsync(Store, HttpContext.RequestAborted);
        }

        var months = await MonthsAsync(ReportPeriod.Parse(Period)!.First.Year);
        Units = await UnitNamesAsync();
        var busiest = Figures.Vehicles.OrderByDescending(v => v.Utilization).Take(20).ToList();
        var units = Figures.Units.OrderByDescending(u => u.Cost).Take(15).ToList();
        var rated = Figures.Drivers.Where(d => d.Average is not null).OrderByDescending(d => d.Ratings).Take(15).ToList();
        var charts = new Dictionary<string, object?>
        {
            ["utilization"] = Bars(t["reports.chart_utilization"], busiest.Select(v => v.Plate), [(t["reports.utilization_percent"], busiest.Select(v => v.Utilization * 100))]),
            ["units"] = Bars(t["reports.chart_units"], units.Select(u => Units.GetValueOrDefault(u.UnitCode, u.UnitCode)),
                [(t["reports.distance_km"], units.Select(u => u.DistanceKm)), (t["reports.cost_yuan"], units.Select(u => u.Cost))]),
            ["months"] = Lines(t["reports.chart_months"], months.Select(m => m.Month),
                [(t["reports.trips"], months.Select(m => (decimal)m.Trips)), (t["reports.distance_km"], months.Select(m => m.DistanceKm)),
                    (t["reports.cost_yuan"], months.Select(m => m.Cost))]),
            ["satisfaction"] = Bars(t["reports.chart_satisfaction"], rated.Select(d => d.Name), [(t["reports.average_stars"], rated.Select(d => d.Average!.Value))]),
            ["compliance"] = Compliance is null ? null : Bars(t["reports.chart_compliance"], Compliance.ByKind.Keys.Select(k => t.Term(k)),
                [(t["reports.flags"], Compliance.ByKind.Values.Select(v => (decimal)v))]),
            ["city"] = City is null ? null : Bars(t["reports.chart_city"], City.Pools.Select(p => PoolName(p.Pool)),
                [(t["reports.trips"], City.Pools.Select(p => (decimal)p.Trips)), (t["reports.distance_km"], City.Pools.Select(p => p.DistanceKm))]),
        };
        ChartsJson = JsonSerializer.Serialize(charts);
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

    private static object Bars(string title, IEnumerable<string> labels, (string Name, IEnumerable<decimal> Values)[] series) =>
        new { type = "bar", title, labels = labels.ToArray(), series = series.Select(s => new { name = s.Name, values = s.Values.Select(v => Math.Round(v, 2)).ToArray() }) };

    private static object Lines(string title, IEnumerable<string> labels, (string Name, IEnumerable<decimal> Values)[] series) =>
        new { type = "line", title, labels = labels.ToArray(), series = series.Select(s => new { name = s.Name, values = s.Values.Select(v => Math.Round(v, 2)).ToArray() }) };
}
