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

        ApiEndpoints.All.Select(e => $"{e.Method} {e.Route}").Should().OnlyHaveUniqueItems().And.BeEquivalentTo(mapped);
    }

    [Fact]
    public async Task Nobody_is_let_in_without_signing_in_but_to_sign_in()
    {
        var wrong = new List<string>();
        foreach (var endpoint in ApiEndpoints.All)
        {
            var (status, code, _, _) = await world.SendAsync(endpoint.Method, world.Url(endpoint, Scope.Own), role: null);
            var fine = endpoint.IsPublic ? status is not 401 and < 500 : status == 401 && code == "auth.required";
            if (!fine) wrong.Add($"anonymous {endpoint.Method} {endpoint.Route}: {status} {code}");
        }

        wrong.Should().BeEmpty();
    }

    public static TheoryData<Role> Roles() => new(Enum.GetValues<Role>());

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_reaches_exactly_its_endpoints_and_only_its_own_records(Role role)
    {
        var before = await JianghanRecordsAsync();
        var wrong = new List<string>();
        var cells = 0;
        foreach (var endpoint in ApiEndpoints.All.Where(e => !e.IsPublic))
        foreach (var scope in endpoint.Scopes)
        {
            var url = world.Url(endpoint, scope);
            var (status, code, _, _) = await world.SendAsync(endpoint.Method, url, role);
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
