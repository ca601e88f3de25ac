using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fleet.Server.Tests.Security;

/// <summary>
/// Every endpoint of the API × every role of 江岸 × whose record it names (the reader's own unit's, another unit's of
/// the pool, another district's), and without signing in. A role outside an endpoint's set is refused (403); an
/// allowed role gets past authorization in its own scope; another unit's trip and another district's record are not
/// found (404), never shown or changed; nobody is let in unsigned. The matrix must name every endpoint the server maps.
/// </summary>
public class AuthorizationMatrixTests(AuthorizationWorld world) : IClassFixture<AuthorizationWorld>
{
    private static readonly Role[] Everybody = Enum.GetValues<Role>();
    private static readonly Role[] Admin = [Role.FleetAdmin];
    private static readonly Role[] AdminAndSupervisor = [Role.FleetAdmin, Role.Supervisor];
    private static readonly Role[] PoolReaders = [Role.FleetAdmin, Role.Dispatcher, Role.Supervisor];
    private static readonly Role[] Supervisor = [Role.Supervisor];
    private static readonly Role[] Public = [];

    /// <summary>
    /// The expected matrix, an endpoint a row: its route as mapped, the roles of a district that may use it, and any query
    /// it needs (<c>{vehicle}</c> is the scope's car). Sign-in is the one public door.
    /// </summary>
    private static readonly (string Method, string Route, Role[] Allowed, string Query)[] Endpoints =
    [
        ("POST", "/api/auth/sign-in", Public, ""),
        ("POST", "/api/auth/token", Public, ""),
        ("GET", "/api/auth/sso", Public, ""),
        ("POST", "/api/auth/sign-out", Public, ""),
        // The API's reference pages describe it to anybody; they hold no data.
        ("GET", "/api/reference/{documentName?}", Public, ""),
        ("GET", "/api/reference/scalar.js", Public, ""),
        ("GET", "/api/reference/scalar.aspnetcore.js", Public, ""),
        ("GET", "/api/reference/favicon.svg", Public, ""),
        ("GET", "/api/me", Everybody, ""),
        ("GET", "/api/organisations", Everybody, ""),
        ("GET", "/api/organisations/{code}", Everybody, ""),
        ("POST", "/api/organisations/districts", Admin, ""),
        ("POST", "/api/organisations/units", Admin, ""),
        ("POST", "/api/organisations/{code}/rename", Admin, ""),
        ("POST", "/api/organisations/{code}/close", Admin, ""),
        ("GET", "/api/users", AdminAndSupervisor, ""),
        ("POST", "/api/users", Admin, ""),
        ("GET", "/api/users/{id}", AdminAndSupervisor, ""),
        ("POST", "/api/users/{id}/roles", Admin, ""),
        ("POST", "/api/users/{id}/move", Admin, ""),
        ("POST", "/api/users/{id}/deactivate", Admin, ""),
        ("POST", "/api/users/{id}/reactivate", Admin, ""),
        ("GET", "/api/vehicles", Everybody, ""),
        ("POST", "/api/vehicles", Admin, ""),
        ("GET", "/api/vehicles/{id}", Everybody, ""),
        ("GET", "/api/pools/{pool}/fleet", Everybody, ""),
        ("POST", "/api/vehicles/{id}/maintenance", Admin, ""),
        ("POST", "/api/vehicles/{id}/maintenance/{maintenanceId}/start", Admin, ""),
        ("POST", "/api/vehicles/{id}/maintenance/{maintenanceId}/complete", Admin, ""),
        ("POST", "/api/vehicles/{id}/maintenance/{maintenanceId}/cancel", Admin, ""),
        ("POST", "/api/vehicles/{id}/inspection", Admin, ""),
        ("POST", "/api/vehicles/{id}/insurance", Admin, ""),
        ("POST", "/api/vehicles/{id}/odometer", Admin, ""),
        ("POST", "/api/vehicles/{id}/odometer/correction", Admin, ""),
        ("POST", "/api/vehicles/{id}/retire", Admin, ""),
        ("POST", "/api/vehicles/{id}/dispose", Admin, ""),
        ("POST", "/api/vehicles/{id}/transfer", Admin, ""),
        ("GET", "/api/drivers", PoolReaders, ""),
        ("POST", "/api/drivers", Admin, ""),
        ("GET", "/api/drivers/{id}", PoolReaders, ""),
        ("POST", "/api/drivers/{id}/licence", Admin, ""),
        ("POST", "/api/drivers/{id}/leave", Admin, ""),
        ("POST", "/api/drivers/{id}/leave/{leaveId}/cancel", Admin, ""),
        ("POST", "/api/drivers/{id}/transfer", Admin, ""),
        ("POST", "/api/drivers/{id}/suspend", Admin, ""),
        ("POST", "/api/drivers/{id}/reinstate", Admin, ""),
        ("POST", "/api/drivers/{id}/leave-service", Admin, ""),
        ("POST", "/api/drivers/{id}/account", Admin, ""),
        ("GET", "/api/availability", PoolReaders, "?from=2026-12-08T00:00:00Z&to=2026-12-09T00:00:00Z"),
        ("GET", "/api/trips", Everybody, ""),
        ("POST", "/api/trips", [Role.Clerk], ""),
        ("GET", "/api/trips/{id}", Everybody, ""),
        ("POST", "/api/trips/{id}/amend", [Role.Clerk], ""),
        ("POST", "/api/trips/{id}/cancel", [Role.Clerk], ""),
        ("POST", "/api/trips/{id}/approve", [Role.Approver], ""),
        ("POST", "/api/trips/{id}/reject", [Role.Approver], ""),
        ("GET", "/api/trips/{id}/candidates", [Role.Dispatcher], ""),
        ("POST", "/api/trips/{id}/dispatch", [Role.Dispatcher], ""),
        ("POST", "/api/trips/{id}/reassign", [Role.Dispatcher], ""),
        ("POST", "/api/trips/{id}/undispatch", [Role.Dispatcher], ""),
        ("GET", "/api/my/assignments", [Role.Driver], ""),
        ("POST", "/api/trips/{id}/accept", [Role.Driver], ""),
        ("POST", "/api/trips/{id}/decline", [Role.Driver], ""),
        ("POST", "/api/trips/{id}/start", [Role.Driver, Role.Dispatcher], ""),
        ("POST", "/api/trips/{id}/finish", [Role.Driver, Role.Dispatcher], ""),
        ("POST", "/api/trips/{id}/confirm", [Role.Clerk], ""),
        ("POST", "/api/trips/{id}/dispute", [Role.Clerk], ""),
        ("POST", "/api/trips/{id}/rate", [Role.Clerk], ""),
        ("POST", "/api/trips/{id}/review", [Role.Approver], ""),
        ("GET", "/api/approval-policy", Everybody, ""),
        ("POST", "/api/approval-policy", Admin, ""),
        ("GET", "/api/dispatch-board", PoolReaders, ""),
        ("GET", "/api/logbook", PoolReaders, "?vehicleId={vehicle}&month=2026-12"),
        ("GET", "/api/logbook/csv", PoolReaders, "?vehicleId={vehicle}&month=2026-12"),
        ("GET", "/api/logbook/print", PoolReaders, "?vehicleId={vehicle}&month=2026-12"),
        ("GET", "/api/logbook/import/template", Admin, ""),
        ("POST", "/api/logbook/import", Admin, ""),
        ("GET", "/api/reports/figures", PoolReaders, "?period=2026-12"),
        // The city's overview is for the city's supervisors: a district's passes the role check and is refused as out of
        // the city's scope (403 report.city_only, FiguresTests).
        ("GET", "/api/reports/city", Supervisor, "?period=2026-12"),
        ("GET", "/api/compliance", AdminAndSupervisor, "?period=2026-12"),
        ("GET", "/api/audit/streams/{id}", AdminAndSupervisor, ""),
        ("GET", "/api/audit/events", AdminAndSupervisor, ""),
        ("GET", "/api/audit/verify", Supervisor, ""),
        ("POST", "/api/audit/verify", Supervisor, ""),
        ("GET", "/api/audit/digests", Supervisor, ""),
        ("GET", "/api/audit/signing-key", Supervisor, ""),
        ("GET", "/api/exchange/feed", Supervisor, ""),
    ];

    private static bool IsPublic((string Method, string Route, Role[] Allowed, string Query) endpoint) =>
        endpoint.Route.StartsWith("/api/auth/", StringComparison.Ordinal) || endpoint.Route.StartsWith("/api/reference/", StringComparison.Ordinal);

    /// <summary>Another unit's record exists only for trips: everything else belongs to the pool as a whole.</summary>
    private static IEnumerable<Scope> ScopesOf(string route, string query) =>
        route.Contains('{') || query.Contains('{')
            ? route.StartsWith("/api/trips/{id}", StringComparison.Ordinal) ? [Scope.Own, Scope.OtherUnit, Scope.OtherDistrict] : [Scope.Own, Scope.OtherDistrict]
            : [Scope.Own];

    private string Url(string route, string query, Scope scope)
    {
        var records = scope == Scope.OtherDistrict ? world.Jianghan : world.Jiangan;
        var id = route switch
        {
            _ when route.StartsWith("/api/vehicles/", StringComparison.Ordinal) => records.Vehicle,
            _ when route.StartsWith("/api/drivers/", StringComparison.Ordinal) => records.Driver,
            _ when route.StartsWith("/api/users/", StringComparison.Ordinal) => records.User,
            _ => scope == Scope.OtherUnit ? world.OtherUnitTrip : records.Trip,
        };
        return (route + query).Replace("{id}", id.ToString()).Replace("{maintenanceId}", records.Maintenance.ToString())
            .Replace("{leaveId}", records.Leave.ToString()).Replace("{code}", records.Unit).Replace("{pool}", records.Pool)
            .Replace("{vehicle}", records.Vehicle.ToString()).Replace("{documentName?}", "v1");
    }

    private async Task<(int Status, string? Code)> SendAsync(string method, string url, Role? role)
    {
        void Request(Scenario s)
        {
            if (method == "GET") s.Get.Url(url);
            else s.Post.Json(new { }).ToUrl(url);
            s.IgnoreStatusCode();
        }

        var result = role is { } r ? await world.App.ScenarioAs(FleetApp.Jiangan, r, Request) : await world.App.Host.Scenario(Request);
        var status = result.Context.Response.StatusCode;
        var text = await result.ReadAsTextAsync();
        string? code = null;
        if (status >= 400 && text.StartsWith('{') && JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var c)) code = c.GetString();
        return (status, code);
    }

    /// <summary>What a cell must answer; null when it does.</summary>
    private static string? Judge(string method, string route, Scope scope, bool allowed, Role role, int status, string? code)
    {
        var isTripOfUnit = route.StartsWith("/api/trips/{id}", StringComparison.Ordinal);
        // A pool named in the route is refused as out of scope: the pool itself is no secret.
        var poolRefused = route.Contains("{pool}", StringComparison.Ordinal) && code == "auth.out_of_scope";
        if (status >= 500) return $"{status}: a server error";
        if (!allowed) return status == 403 && code == "auth.forbidden" ? null : $"{status} {code}: the role may not use this, 403 expected";
        if (status == 401 || code == "auth.forbidden") return $"{status} {code}: the role may use this";
        var hidden = scope == Scope.OtherDistrict || (scope == Scope.OtherUnit && isTripOfUnit && role is Role.Clerk or Role.Approver);
        if (!hidden) return null;
        // Only "not found" says nothing of the record; a command may also be turned away for its body before any record is looked up.
        var whose = scope == Scope.OtherUnit ? "unit" : "district";
        if (method == "GET") return status == 404 || poolRefused ? null : $"{status} {code}: reading another {whose}'s record must be 404";
        return status is 404 or 400 ? null : $"{status} {code}: another {whose}'s record was reached";
    }

    [Fact]
    public void The_matrix_names_every_endpoint_the_server_maps()
    {
        var mapped = world.App.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();

        Endpoints.Select(e => $"{e.Method} {e.Route}").Should().OnlyHaveUniqueItems().And.BeEquivalentTo(mapped);
    }

    [Fact]
    public async Task Nobody_is_let_in_without_signing_in_but_to_sign_in()
    {
        var wrong = new List<string>();
        foreach (var endpoint in Endpoints)
        {
            var (status, code) = await SendAsync(endpoint.Method, Url(endpoint.Route, endpoint.Query, Scope.Own), role: null);
            var fine = IsPublic(endpoint) ? status is not 401 and < 500 : status == 401 && code == "auth.required";
            if (!fine) wrong.Add($"anonymous {endpoint.Method} {endpoint.Route}: {status} {code}");
        }

        wrong.Should().BeEmpty();
    }

    public static TheoryData<Role> Roles() => new(Everybody);

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_reaches_exactly_its_endpoints_and_only_its_own_records(Role role)
    {
        var before = await JianghanRecordsAsync();
        var wrong = new List<string>();
        var cells = 0;
        foreach (var endpoint in Endpoints.Where(e => !IsPublic(e)))
        foreach (var scope in ScopesOf(endpoint.Route, endpoint.Query))
        {
            var url = Url(endpoint.Route, endpoint.Query, scope);
            var (status, code) = await SendAsync(endpoint.Method, url, role);
            cells++;
            if (Judge(endpoint.Method, endpoint.Route, scope, endpoint.Allowed.Contains(role), role, status, code) is { } problem)
                wrong.Add($"{role} {scope} {endpoint.Method} {url}: {problem}");
        }

        wrong.Should().BeEmpty();
        cells.Should().BeGreaterThan(100);
        (await JianghanRecordsAsync()).Should().Equal(before, "nothing of 江汉's may change from 江岸");
    }

    /// <summary>江汉's records as its own fleet admin reads them.</summary>
    private async Task<IReadOnlyList<string>> JianghanRecordsAsync()
    {
        var records = world.Jianghan;
        var urls = new[] { $"/api/vehicles/{records.Vehicle}", $"/api/drivers/{records.Driver}", $"/api/users/{records.User}", $"/api/trips/{records.Trip}",
            $"/api/organisations/{records.Unit}" };
        var read = new List<string>();
        foreach (var url in urls) read.Add((await world.App.GetAs(FleetApp.Jianghan, Role.FleetAdmin, url)).GetRawText());
        return read;
    }
}
