using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Security;

/// <summary>
/// Every registry and trip endpoint against every role of a district pool: a role outside the allowed set gets 403, an
/// allowed one gets past authorization (its answer may still be 400 or 404 for the placeholder data used here).
/// </summary>
public class RegistryRoleMatrixTests(FleetApp app) : IClassFixture<FleetApp>
{
    private static readonly Guid Someone = Guid.Parse("01900000-0000-7000-8000-0000000000aa");

    private static readonly Role[] AdminOnly = [Role.FleetAdmin];
    private static readonly Role[] AdminAndSupervisor = [Role.FleetAdmin, Role.Supervisor];
    private static readonly Role[] RegistryReaders = [Role.FleetAdmin, Role.Dispatcher, Role.Supervisor];
    private static readonly Role[] Everybody = Enum.GetValues<Role>();

    private static readonly (string Method, string Url, Role[] Allowed)[] Endpoints =
    [
        ("GET", "/api/me", Everybody),
        ("GET", "/api/organisations", Everybody),
        ("GET", "/api/organisations/JA0001", Everybody),
        ("POST", "/api/organisations/units", AdminOnly),
        ("POST", "/api/organisations/JA0001/rename", AdminOnly),
        ("POST", "/api/organisations/JA0001/close", AdminOnly),
        ("GET", "/api/users", AdminAndSupervisor),
        ("GET", $"/api/users/{Someone}", AdminAndSupervisor),
        ("POST", "/api/users", AdminOnly),
        ("POST", $"/api/users/{Someone}/roles", AdminOnly),
        ("POST", $"/api/users/{Someone}/move", AdminOnly),
        ("POST", $"/api/users/{Someone}/deactivate", AdminOnly),
        ("POST", $"/api/users/{Someone}/reactivate", AdminOnly),
        ("GET", "/api/vehicles", Everybody),
        ("GET", $"/api/vehicles/{Someone}", Everybody),
        ("POST", "/api/vehicles", AdminOnly),
        ("POST", $"/api/vehicles/{Someone}/maintenance", AdminOnly),
        ("POST", $"/api/vehicles/{Someone}/maintenance/{Someone}/start", AdminOnly),
        ("POST", $"/api/vehicles/{Someone}/inspection", AdminOnly),
        ("POST", $"/api/vehicles/{Someone}/insurance", AdminOnly),
        ("POST", $"/api/vehicles/{Someone}/odometer", AdminOnly),
        ("POST", $"/api/vehicles/{Someone}/odometer/correction", AdminOnly),
        ("POST", $"/api/vehicles/{Someone}/retire", AdminOnly),
        ("POST", $"/api/vehicles/{Someone}/dispose", AdminOnly),
        ("POST", $"/api/vehicles/{Someone}/transfer", AdminOnly),
        ("GET", "/api/drivers", RegistryReaders),
        ("GET", $"/api/drivers/{Someone}", RegistryReaders),
        ("POST", "/api/drivers", AdminOnly),
        ("POST", $"/api/drivers/{Someone}/licence", AdminOnly),
        ("POST", $"/api/drivers/{Someone}/leave", AdminOnly),
        ("POST", $"/api/drivers/{Someone}/suspend", AdminOnly),
        ("POST", $"/api/drivers/{Someone}/transfer", AdminOnly),
        ("GET", "/api/availability?from=2026-11-28T08:00:00Z&to=2026-11-28T09:00:00Z", RegistryReaders),
        ("GET", "/api/trips", Everybody),
        ("GET", $"/api/trips/{Someone}", Everybody),
        ("POST", "/api/trips", [Role.Clerk]),
        ("POST", $"/api/trips/{Someone}/amend", [Role.Clerk]),
        ("POST", $"/api/trips/{Someone}/cancel", [Role.Clerk]),
        ("POST", $"/api/trips/{Someone}/approve", [Role.Approver]),
        ("POST", $"/api/trips/{Someone}/reject", [Role.Approver]),
        ("GET", $"/api/trips/{Someone}/candidates", [Role.Dispatcher]),
        ("POST", $"/api/trips/{Someone}/dispatch", [Role.Dispatcher]),
        ("POST", $"/api/trips/{Someone}/reassign", [Role.Dispatcher]),
        ("POST", $"/api/trips/{Someone}/undispatch", [Role.Dispatcher]),
        ("POST", $"/api/trips/{Someone}/accept", [Role.Driver]),
        ("POST", $"/api/trips/{Someone}/decline", [Role.Driver]),
        ("POST", $"/api/trips/{Someone}/start", [Role.Driver, Role.Dispatcher]),
        ("POST", $"/api/trips/{Someone}/finish", [Role.Driver, Role.Dispatcher]),
        ("GET", "/api/my/assignments", [Role.Driver]),
        ("POST", $"/api/trips/{Someone}/confirm", [Role.Clerk]),
        ("POST", $"/api/trips/{Someone}/dispute", [Role.Clerk]),
        ("POST", $"/api/trips/{Someone}/rate", [Role.Clerk]),
        ("POST", $"/api/trips/{Someone}/review", [Role.Approver]),
        ("POST", $"/api/drivers/{Someone}/account", AdminOnly),
        ("GET", $"/api/logbook?vehicleId={Someone}&month=2026-11", RegistryReaders),
        ("GET", $"/api/logbook/csv?driverId={Someone}&month=2026-11", RegistryReaders),
        ("GET", $"/api/logbook/print?vehicleId={Someone}&month=2026-11", RegistryReaders),
        ("GET", $"/api/audit/streams/{Someone}", AdminAndSupervisor),
        ("GET", "/api/audit/events", AdminAndSupervisor),
        ("GET", "/api/dispatch-board", RegistryReaders),
        ("GET", "/api/reports/figures?period=2026-11", RegistryReaders),
        // Only the city's supervisors: a district's are refused like everybody else here.
        ("GET", "/api/reports/city?period=2026-11", []),
        ("GET", "/api/compliance?period=2026-11", AdminAndSupervisor),
        ("GET", "/api/approval-policy", Everybody),
        ("POST", "/api/approval-policy", AdminOnly),
    ];

    public static TheoryData<string, string, Role, bool> Cells()
    {
        var cells = new TheoryData<string, string, Role, bool>();
        foreach (var (method, url, allowed) in Endpoints)
        foreach (var role in Everybody)
            cells.Add(method, url, role, allowed.Contains(role));
        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_role_is_allowed_exactly_what_it_should_be(string method, string url, Role role, bool allowed)
    {
        var result = await app.ScenarioAs(FleetApp.Jiangan, role, s =>
        {
            if (method == "GET") s.Get.Url(url);
            else s.Post.Json(new { }).ToUrl(url);
            s.IgnoreStatusCode();
        });

        var status = result.Context.Response.StatusCode;
        if (allowed) status.Should().NotBe(403).And.NotBe(401).And.BeLessThan(500);
        else status.Should().Be(403);
    }
}
