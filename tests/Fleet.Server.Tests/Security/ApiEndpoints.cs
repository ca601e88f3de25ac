using Fleet.Domain.People;

namespace Fleet.Server.Tests.Security;

/// <summary>An endpoint of the API: its route as mapped, the roles of a district that may use it, and any query it needs (<c>{vehicle}</c> is the scope's car).</summary>
public sealed record ApiEndpoint(string Method, string Route, Role[] Allowed, string Query)
{
    /// <summary>Sign-in and the API's reference pages are the only doors open to anybody.</summary>
    public bool IsPublic => Route.StartsWith("/api/auth/", StringComparison.Ordinal) || Route.StartsWith("/api/reference/", StringComparison.Ordinal);

    /// <summary>
    /// Another unit's record exists only for trips: everything else belongs to the pool as a whole; the working calendar is
    /// the city's, so no district has one of its own to hide.
    /// </summary>
    public IEnumerable<Scope> Scopes =>
        (Route.Contains('{') || Query.Contains('{')) && !Route.StartsWith("/api/calendar/", StringComparison.Ordinal)
            ? Route.StartsWith("/api/trips/{id}", StringComparison.Ordinal) ? [Scope.Own, Scope.OtherUnit, Scope.OtherDistrict] : [Scope.Own, Scope.OtherDistrict]
            : [Scope.Own];
}

/// <summary>Every endpoint the API maps, with who may use it: the expected authorization matrix, one row an endpoint.</summary>
public static class ApiEndpoints
{
    private static readonly Role[] Everybody = Enum.GetValues<Role>();
    private static readonly Role[] Admin = [Role.FleetAdmin];
    private static readonly Role[] AdminAndSupervisor = [Role.FleetAdmin, Role.Supervisor];
    private static readonly Role[] PoolReaders = [Role.FleetAdmin, Role.Dispatcher, Role.Supervisor];
    private static readonly Role[] Supervisor = [Role.Supervisor];

    /// <summary>A car's positions are its driver's personal data: the pool's dispatchers (during trips) and supervisors.</summary>
    private static readonly Role[] Tracks = [Role.Dispatcher, Role.Supervisor];
    private static readonly Role[] Public = [];

    public static readonly ApiEndpoint[] All =
    [
        new("POST", "/api/auth/sign-in", Public, ""),
        new("POST", "/api/auth/token", Public, ""),
        new("GET", "/api/auth/sso", Public, ""),
        new("POST", "/api/auth/sign-out", Public, ""),
        // The API's reference pages describe it to anybody; they hold no data.
        new("GET", "/api/reference/{documentName?}", Public, ""),
        new("GET", "/api/reference/scalar.js", Public, ""),
        new("GET", "/api/reference/scalar.aspnetcore.js", Public, ""),
        new("GET", "/api/reference/favicon.svg", Public, ""),
        new("GET", "/api/me", Everybody, ""),
        new("GET", "/api/organisations", Everybody, ""),
        new("GET", "/api/organisations/{code}", Everybody, ""),
        new("POST", "/api/organisations/districts", Admin, ""),
        new("POST", "/api/organisations/units", Admin, ""),
        new("POST", "/api/organisations/{code}/rename", Admin, ""),
        new("POST", "/api/organisations/{code}/close", Admin, ""),
        new("GET", "/api/users", AdminAndSupervisor, ""),
        new("POST", "/api/users", Admin, ""),
        new("GET", "/api/users/{id}", AdminAndSupervisor, ""),
        new("POST", "/api/users/{id}/roles", Admin, ""),
        new("POST", "/api/users/{id}/move", Admin, ""),
        new("POST", "/api/users/{id}/deactivate", Admin, ""),
        new("POST", "/api/users/{id}/reactivate", Admin, ""),
        new("GET", "/api/vehicles", Everybody, ""),
        new("POST", "/api/vehicles", Admin, ""),
        new("GET", "/api/vehicles/{id}", Everybody, ""),
        new("GET", "/api/pools/{pool}/fleet", Everybody, ""),
        new("GET", "/api/pools/{pool}/live", Tracks, ""),
        new("GET", "/api/trips/{id}/track", Tracks, ""),
        new("GET", "/api/vehicles/{id}/track", Supervisor, "?from=2026-12-08&to=2026-12-09"),
        new("GET", "/api/track-looks", Supervisor, "?month=2026-12"),
        new("POST", "/api/vehicles/{id}/maintenance", Admin, ""),
        new("POST", "/api/vehicles/{id}/maintenance/{maintenanceId}/start", Admin, ""),
        new("POST", "/api/vehicles/{id}/maintenance/{maintenanceId}/complete", Admin, ""),
        new("POST", "/api/vehicles/{id}/maintenance/{maintenanceId}/cancel", Admin, ""),
        new("POST", "/api/vehicles/{id}/inspection", Admin, ""),
        new("POST", "/api/vehicles/{id}/insurance", Admin, ""),
        new("POST", "/api/vehicles/{id}/odometer", Admin, ""),
        new("POST", "/api/vehicles/{id}/odometer/correction", Admin, ""),
        new("POST", "/api/vehicles/{id}/retire", Admin, ""),
        new("POST", "/api/vehicles/{id}/dispose", Admin, ""),
        new("POST", "/api/vehicles/{id}/transfer", Admin, ""),
        new("POST", "/api/vehicles/{id}/terminal", Admin, ""),
        new("POST", "/api/vehicles/{id}/terminal/unbind", Admin, ""),
        new("POST", "/api/vehicles/{id}/terminal/replace", Admin, ""),
        new("GET", "/api/drivers", PoolReaders, ""),
        new("POST", "/api/drivers", Admin, ""),
        new("GET", "/api/drivers/{id}", PoolReaders, ""),
        new("POST", "/api/drivers/{id}/licence", Admin, ""),
        new("POST", "/api/drivers/{id}/leave", Admin, ""),
        new("POST", "/api/drivers/{id}/leave/{leaveId}/cancel", Admin, ""),
        new("POST", "/api/drivers/{id}/transfer", Admin, ""),
        new("POST", "/api/drivers/{id}/suspend", Admin, ""),
        new("POST", "/api/drivers/{id}/reinstate", Admin, ""),
        new("POST", "/api/drivers/{id}/leave-service", Admin, ""),
        new("POST", "/api/drivers/{id}/account", Admin, ""),
        new("POST", "/api/drivers/{id}/phone", Admin, ""),
        new("GET", "/api/availability", PoolReaders, "?from=2026-12-08T00:00:00Z&to=2026-12-09T00:00:00Z"),
        new("GET", "/api/trips", Everybody, ""),
        new("POST", "/api/trips", [Role.Clerk], ""),
        new("GET", "/api/trips/{id}", Everybody, ""),
        new("POST", "/api/trips/{id}/amend", [Role.Clerk], ""),
        new("POST", "/api/trips/{id}/cancel", [Role.Clerk], ""),
        new("POST", "/api/trips/{id}/approve", [Role.Approver], ""),
        new("POST", "/api/trips/{id}/reject", [Role.Approver], ""),
        new("GET", "/api/trips/{id}/candidates", [Role.Dispatcher], ""),
        new("POST", "/api/trips/{id}/dispatch", [Role.Dispatcher], ""),
        new("POST", "/api/trips/{id}/reassign", [Role.Dispatcher], ""),
        new("POST", "/api/trips/{id}/undispatch", [Role.Dispatcher], ""),
        new("GET", "/api/my/assignments", [Role.Driver], ""),
        new("GET", "/api/my/trips", [Role.Driver], ""),
        new("GET", "/api/my/notifications", Everybody, ""),
        new("POST", "/api/my/notifications/read", Everybody, ""),
        new("GET", "/api/my/notification-preferences", Everybody, ""),
        new("POST", "/api/my/notification-preferences", Everybody, ""),
        new("GET", "/api/notifications/deliveries", Admin, ""),
        new("POST", "/api/trips/{id}/accept", [Role.Driver], ""),
        new("POST", "/api/trips/{id}/decline", [Role.Driver], ""),
        new("POST", "/api/trips/{id}/start", [Role.Driver, Role.Dispatcher], ""),
        new("POST", "/api/trips/{id}/finish", [Role.Driver, Role.Dispatcher], ""),
        new("POST", "/api/trips/{id}/confirm", [Role.Clerk], ""),
        new("POST", "/api/trips/{id}/dispute", [Role.Clerk], ""),
        new("POST", "/api/trips/{id}/rate", [Role.Clerk], ""),
        new("POST", "/api/trips/{id}/review", [Role.Approver], ""),
        new("GET", "/api/approval-policy", Everybody, ""),
        new("POST", "/api/approval-policy", Admin, ""),
        new("GET", "/api/sealings", Everybody, ""),
        new("POST", "/api/sealings", Admin, ""),
        new("POST", "/api/sealings/{id}/lift", Admin, ""),
        new("GET", "/api/rate-card", Everybody, ""),
        new("POST", "/api/rate-card", Admin, ""),
        // Everybody may ask: the pool's fleet admins and supervisors see the pool's statements, everybody else their unit's.
        new("GET", "/api/statements", Everybody, ""),
        new("GET", "/api/statements/{id}", Everybody, ""),
        new("POST", "/api/statements", Admin, ""),
        new("POST", "/api/statements/{id}/confirm", [Role.Approver], ""),
        new("POST", "/api/statements/{id}/dispute", [Role.Approver], ""),
        new("POST", "/api/statements/{id}/correct", Admin, ""),
        new("GET", "/api/settlement/costs", AdminAndSupervisor, "?year=2026"),
        new("GET", "/api/reconciliation-policy", Everybody, ""),
        new("POST", "/api/reconciliation-policy", Admin, ""),
        new("GET", "/api/calendar/{year}", Everybody, ""),
        // Every fleet admin passes the role check; a district's is refused as not the city's (403 calendar.city_only, CalendarTests).
        new("POST", "/api/calendar/{year}", Admin, ""),
        new("GET", "/api/geofences", AdminAndSupervisor, ""),
        new("POST", "/api/geofences", Supervisor, ""),
        new("POST", "/api/geofences/{id}", Supervisor, ""),
        new("POST", "/api/geofences/{id}/remove", Supervisor, ""),
        new("GET", "/api/dispatch-board", PoolReaders, ""),
        new("GET", "/api/logbook", PoolReaders, "?vehicleId={vehicle}&month=2026-12"),
        new("GET", "/api/logbook/csv", PoolReaders, "?vehicleId={vehicle}&month=2026-12"),
        new("GET", "/api/logbook/print", PoolReaders, "?vehicleId={vehicle}&month=2026-12"),
        new("GET", "/api/logbook/import/template", Admin, ""),
        new("POST", "/api/logbook/import", Admin, ""),
        new("GET", "/api/cards", AdminAndSupervisor, ""),
        new("POST", "/api/cards", Admin, ""),
        new("POST", "/api/cards/{id}/move", Admin, ""),
        new("POST", "/api/cards/{id}/lost", Admin, ""),
        new("POST", "/api/cards/{id}/replace", Admin, ""),
        new("POST", "/api/vehicles/{id}/fuel-figures", Admin, ""),
        new("POST", "/api/records/import", Admin, ""),
        new("GET", "/api/reports/figures", PoolReaders, "?period=2026-12"),
        new("GET", "/api/reports/ratings", PoolReaders, "?period=2026-12"),
        // The city's overview is for the city's supervisors: a district's passes the role check and is refused as out of
        // the city's scope (403 report.city_only, FiguresTests).
        new("GET", "/api/reports/city", Supervisor, "?period=2026-12"),
        // The province's view is for the province's supervisors: a city's or a district's is refused (403 report.province_only,
        // ProvinceViewTests).
        new("GET", "/api/reports/province", Supervisor, "?period=2026-12"),
        new("GET", "/api/audit/province/verify", Supervisor, ""),
        new("GET", "/api/compliance", AdminAndSupervisor, "?period=2026-12"),
        new("GET", "/api/audit/streams/{id}", AdminAndSupervisor, ""),
        new("GET", "/api/audit/events", AdminAndSupervisor, ""),
        new("GET", "/api/audit/verify", Supervisor, ""),
        new("POST", "/api/audit/verify", Supervisor, ""),
        new("POST", "/api/audit/verifications", Supervisor, ""),
        new("GET", "/api/audit/verifications/current", Supervisor, ""),
        new("GET", "/api/audit/digests", Supervisor, ""),
        new("GET", "/api/audit/signing-key", Supervisor, ""),
        new("GET", "/api/exchange/feed", Supervisor, ""),
    ];
}
