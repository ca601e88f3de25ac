using Fleet.Server.Settlement.Statements;

namespace Fleet.Server.Web.Exports;

/// <summary>A unit's statement of a month as a workbook: the current version's lines with every charge, and its total.</summary>
public static class StatementExport
{
    public static async Task<IResult> WriteAsync(HttpContext http, Guid id)
    {
        var x = new Export(http);
        var asked = await x.AskAsync(new GetStatement(id));
        if (!asked.Accepted) return x.Refused(asked.Problems);
        var statement = asked.Value!;
        var current = statement.Current;
        var units = await x.OrganisationNamesAsync();
        var unit = units.GetValueOrDefault(statement.UnitCode, statement.UnitCode);

        var headers = x.Headers("settlement.line_order", "settlement.line_plate", "settlement.class", "settlement.line_departed", "settlement.line_returned",
            "settlement.line_km", "settlement.line_minutes", "settlement.line_tariff", "settlement.rate_card_version", "settlement.line_distance_charge",
            "settlement.line_time_charge", "settlement.line_waiting_minutes", "settlement.line_waiting_charge", "settlement.line_driver_charge",
            "export.fuel_cost_yuan", "export.tolls_yuan", "export.parking_yuan", "settlement.total");
        var name = ExportName.Of($"{x["settlement.file"]}-{unit}-v{current.Version}", $"statement-{statement.UnitCode}-v{current.Version}", statement.Month);
        return await x.FileAsync(name, new Sheet(Workbook.SheetName($"{statement.Month} v{current.Version}"), headers, Rows(x, current).ToAsyncEnumerable()));
    }

    private static IEnumerable<object?[]> Rows(Export x, Fleet.Domain.Settlement.StatementVersion version)
    {
        foreach (var l in version.Lines)
            yield return
            [
                l.OrderNumber, l.Plate, x.Term(l.Class), x.Local(l.DepartedAt), x.Local(l.ReturnedAt), l.Kilometres, l.Minutes,
                x[$"settlement.tariff_{l.Tariff.ToString().ToLowerInvariant()}"], l.RateCardVersion, l.DistanceCharge, l.TimeCharge, l.WaitingMinutes,
                l.WaitingCharge, l.DriverCharge, l.Fuel, l.Tolls, l.Parking, l.Total,
            ];
        yield return
        [
            x["settlement.total"], null, null, null, null, version.Lines.Sum(l => l.Kilometres), null, null, null, version.Lines.Sum(l => l.DistanceCharge),
            version.Lines.Sum(l => l.TimeCharge), null, version.Lines.Sum(l => l.WaitingCharge), version.Lines.Sum(l => l.DriverCharge),
            version.Lines.Sum(l => l.Fuel), version.Lines.Sum(l => l.Tolls), version.Lines.Sum(l => l.Parking), version.Total,
        ];
    }
}
