using Fleet.Domain.Vehicles;
using Fleet.Projections.VehicleRegistry;

namespace Fleet.Server.Vehicles.Listing;

/// <summary>The pool's vehicles a page at a time; city supervisors list every district's, or one pool's with <see cref="Pool"/>.</summary>
public sealed record ListVehicles(string? Status = null, string? VehicleClass = null, string? Category = null, string? Q = null, string? Pool = null,
    int? Page = null, int? PageSize = null, string? Sort = null) : Query<Page<VehicleSummary>>;

public static class ListVehiclesEndpoint
{
    [WolverineGet("/api/vehicles", OperationId = "ListVehicles"), Tags("Vehicles")]
    public static Task<Results<Ok<Page<VehicleSummary>>, ProblemHttpResult>> List(string? status, string? vehicleClass, string? category,
        string? q, string? pool, int? page, int? pageSize, string? sort, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ListVehicles(status, vehicleClass, category, q, pool, page, pageSize, sort), http);
}

public static class ListVehiclesHandler
{
    private static readonly string[] SortKeys = ["plate", "registeredAt", "odometerKm", "inspectionValidUntil", "insuranceValidUntil"];

    public static async Task<Outcome<Page<VehicleSummary>>> Handle(ListVehicles asked, IQuerySession session, CancellationToken cancellation)
    {
        var (status, vehicleClass, category, q, pool, page, pageSize, sort) =
            (asked.Status, asked.VehicleClass, asked.Category, asked.Q, asked.Pool, asked.Page, asked.PageSize, asked.Sort);
        var (paging, problems) = Paging.Parse(page, pageSize, sort, SortKeys, "plate");
        var problemList = problems.ToList();
        var wantedStatus = QueryFilter.Parse<VehicleStatus>(status, "status", problemList);
        var wantedClass = QueryFilter.Parse(vehicleClass, "vehicleClass", problemList, VehicleTerms.Classes);
        var wantedCategory = QueryFilter.Parse(category, "category", problemList, VehicleTerms.Categories);
        if (paging is null || problemList.Count > 0) return Outcome<Page<VehicleSummary>>.Refused(problemList);

        var actor = asked.By;
        var query = actor.SeesWholeCity ? session.Query<VehicleSummary>().Where(v => v.InCity()) : session.Query<VehicleSummary>();
        if (actor.SeesWholeCity && !string.IsNullOrWhiteSpace(pool)) query = query.Where(v => v.HomePool == pool.Trim());
        if (wantedStatus is { } s) query = query.Where(v => v.Status == s);
        if (wantedClass is { } c) query = query.Where(v => v.Class == c);
        if (wantedCategory is { } k) query = query.Where(v => v.Category == k);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = PlateSearchTerm(q);
            query = query.Where(v => v.Plate.Contains(term));
        }

        query = (paging.Sort, paging.Descending) switch
        {
            ("registeredAt", false) => query.OrderBy(v => v.RegisteredAt).ThenBy(v => v.Plate),
            ("registeredAt", true) => query.OrderByDescending(v => v.RegisteredAt).ThenBy(v => v.Plate),
            ("odometerKm", false) => query.OrderBy(v => v.OdometerKm).ThenBy(v => v.Plate),
            ("odometerKm", true) => query.OrderByDescending(v => v.OdometerKm).ThenBy(v => v.Plate),
            ("inspectionValidUntil", false) => query.OrderBy(v => v.InspectionValidUntil).ThenBy(v => v.Plate),
            ("inspectionValidUntil", true) => query.OrderByDescending(v => v.InspectionValidUntil).ThenBy(v => v.Plate),
            ("insuranceValidUntil", false) => query.OrderBy(v => v.InsuranceValidUntil).ThenBy(v => v.Plate),
            ("insuranceValidUntil", true) => query.OrderByDescending(v => v.InsuranceValidUntil).ThenBy(v => v.Plate),
            (_, true) => query.OrderByDescending(v => v.Plate),
            _ => query.OrderBy(v => v.Plate),
        };
        return await paging.ToPageAsync(query, cancellation);
    }

    /// <summary>
    /// Plates are stored in one spelling (鄂A·C1234); a search term is put in it too, so that "c12", "鄂AC12" and
    /// "鄂A·C12" all find that plate.
    /// </summary>
    private static string PlateSearchTerm(string q)
    {
        var term = new string(q.Trim().ToUpperInvariant().Where(c => !char.IsWhiteSpace(c) && c != '·').ToArray());
        return term.Length > 2 && !char.IsAscii(term[0]) && char.IsAsciiLetter(term[1]) ? $"{term[..2]}·{term[2..]}" : term;
    }
}
