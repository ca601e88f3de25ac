using Fleet.Domain.People;

namespace Fleet.Server.Web.Exports;

/// <summary>
/// Where the workbooks are downloaded from: one address per list page, with the page's own filters in its query string and
/// the page's own roles. They belong to the pages (signed in with the pages' cookie), not to the API.
/// </summary>
public static class Exports
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/exports").ExcludeFromDescription();
        exports.MapGet("/trips", TripsExport.WriteAsync).RequireAuthorization(Roles(Role.Clerk, Role.Approver, Role.Dispatcher, Role.Supervisor, Role.FleetAdmin));
        exports.MapGet("/logbook", LogbookExport.WriteAsync).RequireAuthorization(Roles(Role.FleetAdmin, Role.Dispatcher, Role.Supervisor));
        exports.MapGet("/reports", ReportsExport.WriteAsync).RequireAuthorization(Roles(Role.Supervisor, Role.FleetAdmin, Role.Dispatcher));
        exports.MapGet("/compliance", ComplianceExport.WriteAsync).RequireAuthorization(Roles(Role.Supervisor, Role.FleetAdmin));
        exports.MapGet("/audit", AuditExport.WriteAsync).RequireAuthorization(Roles(Role.Supervisor, Role.FleetAdmin));
        exports.MapGet("/vehicles", AdminExports.VehiclesAsync).RequireAuthorization(Roles(Role.FleetAdmin));
        exports.MapGet("/drivers", AdminExports.DriversAsync).RequireAuthorization(Roles(Role.FleetAdmin));
        exports.MapGet("/users", AdminExports.UsersAsync).RequireAuthorization(Roles(Role.FleetAdmin));
        exports.MapGet("/organisations", AdminExports.OrganisationsAsync).RequireAuthorization(Roles(Role.FleetAdmin));
        exports.MapGet("/statements/{id:guid}", StatementExport.WriteAsync)
            .RequireAuthorization(Roles(Role.FleetAdmin, Role.Supervisor, Role.Approver, Role.Clerk));
    }

    private static AuthorizeAttribute Roles(params Role[] roles) => new() { Roles = string.Join(',', roles) };
}
