using Fleet.Server.Reports.Logbook;

namespace Fleet.Server.Web.Exports;

/// <summary>One car's or one driver's month of the logbook as a workbook: the CSV's columns, with numbers that add up.</summary>
public static class LogbookExport
{
    public static async Task<IResult> WriteAsync(HttpContext http, Guid? vehicleId, Guid? driverId, string? month)
    {
        var x = new Export(http);
        var asked = await x.AskAsync(new GetLogbook(vehicleId, driverId, month));
        if (!asked.Accepted) return x.Refused(asked.Problems);
        var book = asked.Value!;

        var headers = x.Headers("logbook.date", "trips.order", "trip.unit", "request.purpose_kind", "trip.purpose", "trip.destinations", "trips.vehicle",
            "trips.driver", "trips.left_at", "trips.back_at", "export.odometer_out_km", "export.odometer_in_km", "export.distance_km",
            "trips.fuel_litres", "trips.energy_kwh", "export.fuel_cost_yuan", "export.tolls_yuan", "export.parking_yuan", "export.other_costs_yuan",
            "export.total_cost_yuan", "export.remarks");
        var name = ExportName.Of($"{x["export.file_logbook"]}-{book.Subject}", book.Kind == LogbookSubject.Vehicle ? $"logbook-{book.Subject}" : "logbook-driver", book.Month);
        var sheet = x[book.Kind == LogbookSubject.Vehicle ? "logbook.vehicle" : "logbook.driver"] + " " + book.Month;
        return await x.FileAsync(name, new Sheet(Workbook.SheetName(sheet), headers, Rows(x, book).ToAsyncEnumerable()));
    }

    private static IEnumerable<object?[]> Rows(Export x, LogbookPage book)
    {
        var remarks = new ReportText();
        foreach (var line in book.Lines)
        {
            var e = line.Entry;
            yield return
            [
                Export.Date(e.DepartedAt?.InZone(x.Zone).Date), e.OrderNumber, line.UnitName, x.Term(e.Purpose), e.PurposeText, x.List(e.Destinations),
                e.Plate, e.DriverName, x.Local(e.DepartedAt), x.Local(e.ReturnedAt), Kilometres(e.OdometerOutMetres), Kilometres(e.OdometerInMetres),
                Kilometres(e.DistanceMetres), e.FuelLitres, e.EnergyKilowattHours, e.FuelCost, e.Tolls, e.Parking, e.OtherCosts,
                e.ReturnedAt is null ? null : e.TotalCost,
                x.List(new[]
                {
                    e.StartOverdue ? remarks["Logbook.StartOverdue"] : null, e.ReturnOverdue ? remarks["Logbook.ReturnOverdue"] : null,
                    e.OdometerGap ? remarks["Logbook.OdometerGap"] : null, e.Disputed ? remarks["Logbook.Disputed"] : null,
                }.OfType<string>()),
            ];
        }

        var t = book.Totals;
        yield return
        [
            remarks["Logbook.Totals"], null, null, null, null, null, null, null, null, null, null, null, Kilometres(t.DistanceMetres), t.FuelLitres,
            t.EnergyKilowattHours, book.Lines.Sum(l => l.Entry.FuelCost), book.Lines.Sum(l => l.Entry.Tolls), book.Lines.Sum(l => l.Entry.Parking),
            book.Lines.Sum(l => l.Entry.OtherCosts), t.Cost, null,
        ];
    }

    private static decimal? Kilometres(long? metres) => metres / 1000m;
}
