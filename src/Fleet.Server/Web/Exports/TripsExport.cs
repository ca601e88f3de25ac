using Fleet.Domain.Trips;
using Fleet.Server.Trips.Viewing;

namespace Fleet.Server.Web.Exports;

/// <summary>
/// The trips list as a workbook: the same filters and search as /trips, through the same query and so the same scope
/// (a unit its own trips, the pool's staff the pool's), every matching row rather than one page.
/// </summary>
public static class TripsExport
{
    public static async Task<IResult> WriteAsync(HttpContext http, string? status, string? from, string? to, string? search, bool? open, bool? mine)
    {
        var x = new Export(http);
        var units = await x.OrganisationNamesAsync();
        var name = ExportName.Of(x["export.file_trips"], "trips",
            ExportName.Span(QueryCalendar.Day(from, "from", "", []), QueryCalendar.Day(to, "to", "", []), x.Today));
        var headers = x.Headers("trips.order", "trip.status", "trip.unit", "trips.requester", "request.purpose_kind", "trip.purpose", "trip.passengers",
            "trip.pick_up", "trip.destinations", "export.planned_start", "export.planned_end", "trips.vehicle", "dispatch.class", "trips.driver",
            "trips.left_at", "trips.back_at", "trip.stars");
        return await x.ListAsync(name, x["export.sheet_trips"], headers,
            (page, size) => new ListTrips(Status: Blank(status), Page: page, PageSize: size, Sort: "-start", From: Blank(from), To: Blank(to),
                Search: Blank(search), Open: open == true ? true : null, Mine: mine == true ? true : null),
            async trips =>
            {
                var requesters = await x.UserNamesAsync(trips.Select(t => t.RequestedBy));
                return trips.Select(t => Row(x, t, units, requesters));
            });
    }

    private static object?[] Row(Export x, Trip t, IReadOnlyDictionary<string, string> units, IReadOnlyDictionary<Guid, string> requesters) =>
    [
        t.Order?.Text, x.Term(t.Status), units.GetValueOrDefault(t.UnitCode, t.UnitCode), requesters.GetValueOrDefault(t.RequestedBy),
        x.Term(t.Details.Purpose), t.Details.PurposeText, t.Details.Passengers, t.Details.PickUp, x.List(t.Details.Destinations),
        x.Local(t.Details.Start), x.Local(t.Details.End), t.Assignment?.Plate, x.Term(t.Assignment?.Class), t.Assignment?.DriverName,
        x.Local(t.StartedAt), x.Local(t.ReturnedAt), t.Stars,
    ];

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
