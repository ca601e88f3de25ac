using System.Security.Claims;
using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Security;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Http;

namespace Fleet.Server.Vehicles.Listing;

public static class ListVehiclesEndpoint
{
    private static readonly string[] SortKeys = ["plate", "registeredAt", "odometerKm", "inspectionValidUntil", "insuranceValidUntil"];

    /// <summary>The pool's vehicles a page at a time; city supervisors list every district's, or one pool's with <c>pool=</c>.</summary>
    [WolverineGet("/api/vehicles", OperationId = "ListVehicles"), Tags("Vehicles")]
    public static async Task<Results<Ok<Page<VehicleSummary>>, ProblemHttpResult>> List(string? status, string? vehicleClass, string? category,
        string? q, string? pool, int? page, int? pageSize, string? sort, ClaimsPrincipal user, IQuerySession session, ProblemText text,
        CancellationToken cancellation)
    {
        var (paging, problems) = Paging.Parse(page, pageSize, sort, SortKeys, "plate");
        var problemList = problems.ToList();
        var wantedStatus = QueryFilter.Parse<VehicleStatus>(status, "status", problemList);
        var wantedClass = QueryFilter.Parse(vehicleClass, "vehicleClass", problemList, VehicleTerms.Classes);
        var wantedCategory = QueryFilter.Parse(category, "category", problemList, VehicleTerms.Categories);
        if (paging is null || problemList.Count > 0) return FleetProblems.From(problemList, text);

        var actor = Actor.Of(user);
        var query = actor.SeesWholeCity ? session.Query<VehicleSummary>().Where(v => v.AnyTenant()) : session.Query<VehicleSummary>();
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
        return TypedResults.Ok(await paging.ToPageAsync(query, cancellation));
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
