using Fleet.Domain.People;
using Fleet.Projections.Reports;
using Fleet.Server.Reports.Compliance;
using Fleet.Server.Reports.Figures;

namespace Fleet.Server.Web.Exports;

/// <summary>
/// A period's reports as one workbook, a sheet per table: the pool's figures, its units (for charging the cost back), its
/// cars, every district side by side for a supervisor of the city, and the compliance flags for those who see them —
/// the same queries, and so the same scope, as the reports page.
/// </summary>
public static class ReportsExport
{
    public static async Task<IResult> WriteAsync(HttpContext http, string? period)
    {
        var x = new Export(http);
        period ??= x.Today.ToYearMonth().PlusMonths(-1).ToString("uuuu-MM", null);
        var figures = await x.AskAsync(new GetPoolFigures(period));
        if (!figures.Accepted) return x.Refused(figures.Problems);
        var report = figures.Value!;
        var units = await x.OrganisationNamesAsync();

        var sheets = new List<Sheet>
        {
            new(x["export.sheet_totals"], x.Headers("export.figure", "export.value"), Totals(x, report.Period, report.Totals).ToAsyncEnumerable()),
            new(x["export.sheet_units"], x.Headers("trip.unit", "reports.trips", "reports.distance_km", "reports.cost_yuan"),
                report.Units.OrderByDescending(u => u.Cost)
                    .Select(u => new object?[] { units.GetValueOrDefault(u.UnitCode, u.UnitCode), u.Trips, u.DistanceKm, u.Cost }).ToAsyncEnumerable()),
            new(x["export.sheet_vehicles"], x.Headers("admin.plate", "reports.trips", "export.hours_in_use", "reports.utilization_percent",
                    "reports.distance_km", "export.idle_days", "trips.fuel_litres", "trips.energy_kwh", "reports.cost_yuan", "reports.cost_per_100km"),
                report.Vehicles.OrderBy(v => v.Plate, StringComparer.Ordinal)
                    .Select(v => new object?[] { v.Plate, v.Trips, v.HoursInUse, Percent(v.Utilization), v.DistanceKm, v.IdleDays, v.FuelLitres,
                        v.EnergyKilowattHours, v.Cost, v.CostPer100Km }).ToAsyncEnumerable()),
        };

        if (x.Me.SeesWholeCity && await x.AskAsync(new GetCityOverview(period)) is { Accepted: true, Value: { } city })
        {
            var pools = await x.PoolNamesAsync();
            sheets.Add(new Sheet(x["export.sheet_districts"], x.Headers("reports.pool", "reports.vehicles", "reports.trips", "reports.utilization_percent",
                    "reports.distance_km", "reports.cost_yuan", "reports.cost_per_100km", "reports.average_stars", "reports.disputes"),
                city.Pools.Append(city.City).Select(p => new object?[]
                {
                    p.Pool == "city" ? x["reports.whole_city"] : pools.GetValueOrDefault(p.Pool, p.Pool), p.Vehicles, p.Trips, Percent(p.Utilization),
                    p.DistanceKm, p.Cost, p.CostPer100Km, p.AverageRating, p.Disputes,
                }).ToAsyncEnumerable()));
        }

        if (x.Me.Has(Role.Supervisor) || x.Me.Has(Role.FleetAdmin))
        {
            var first = await x.AskAsync(new GetComplianceFlags(period, Page: 1, PageSize: Export.PageSize));
            if (first.Accepted) sheets.Add(await ComplianceExport.SheetAsync(x, period, null, first.Value!));
        }

        return await x.FileAsync(ExportName.Of(x["export.file_reports"], "reports", report.Period), [.. sheets]);
    }

    private static IEnumerable<object?[]> Totals(Export x, string period, PoolFigures t) =>
    [
        [x["reports.period"], period],
        [x["reports.vehicles"], t.Vehicles],
        [x["reports.trips"], t.Trips],
        [x["export.hours_in_use"], t.HoursInUse],
        [x["export.available_hours"], t.AvailableHours],
        [x["reports.utilization_percent"], Percent(t.Utilization)],
        [x["reports.distance_km"], t.DistanceKm],
        [x["trips.fuel_litres"], t.FuelLitres],
        [x["trips.energy_kwh"], t.EnergyKilowattHours],
        [x["reports.cost_yuan"], t.Cost],
        [x["reports.cost_per_100km"], t.CostPer100Km],
        [x["export.ratings"], t.Ratings],
        [x["reports.average_stars"], t.AverageRating],
        [x["reports.disputes"], t.Disputes],
    ];

    public static decimal Percent(decimal ratio) => Math.Round(ratio * 100, 1);
}

/// <summary>A period's compliance flags as a sheet, read a page of the flags' own query at a time.</summary>
public static class ComplianceExport
{
    public static async Task<IResult> WriteAsync(HttpContext http, string? period, string? kind)
    {
        var x = new Export(http);
        period ??= x.Today.ToYearMonth().PlusMonths(-1).ToString("uuuu-MM", null);
        var first = await x.AskAsync(new GetComplianceFlags(period, kind, 1, Export.PageSize));
        if (!first.Accepted) return x.Refused(first.Problems);
        return await x.FileAsync(ExportName.Of(x["export.file_compliance"], "compliance", first.Value!.Period), await SheetAsync(x, period, kind, first.Value!));
    }

    public static async Task<Sheet> SheetAsync(Export x, string period, string? kind, ComplianceReport first)
    {
        var units = await x.OrganisationNamesAsync();
        var pools = await x.PoolNamesAsync();
        return new Sheet(x["export.sheet_compliance"], x.Headers("audit.at", "reports.pool", "export.flag", "trips.order", "admin.plate", "trip.unit"),
            RowsAsync(x, period, kind, first, units, pools));
    }

    private static async IAsyncEnumerable<object?[]> RowsAsync(Export x, string period, string? kind, ComplianceReport first,
        IReadOnlyDictionary<string, string> units, IReadOnlyDictionary<string, string> pools)
    {
        var (current, written) = (first, 0);
        while (true)
        {
            foreach (var (pool, flag) in current.Flags.Take(Export.RowLimit - written))
            {
                written++;
                yield return
                [
                    x.Local(flag.At), pools.GetValueOrDefault(pool, pool), x.Term(flag.Kind), flag.OrderNumber, flag.Plate,
                    flag.UnitCode is { } unit ? units.GetValueOrDefault(unit, unit) : null,
                ];
            }

            if (written >= Export.RowLimit || current.PageNumber >= current.TotalPages) break;
            var next = await x.AskAsync(new GetComplianceFlags(period, kind, current.PageNumber + 1, Export.PageSize));
            if (!next.Accepted) break;
            current = next.Value!;
        }

        if (first.TotalFlags > written && written >= Export.RowLimit) yield return [x.Truncated(written, first.TotalFlags)];
    }
}
