using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Security;

/// <summary>
/// District 江汉 (420103) against district 江岸 (420102)'s data: for every endpoint that takes an id or lists,
/// and every role of 江汉, nothing of 江岸's is read, listed or changed.
/// </summary>
public class DistrictIsolationTests(FleetApp app) : IClassFixture<FleetApp>
{
    private static readonly SemaphoreSlim Setup = new(1, 1);
    private static (Guid Vehicle, Guid Driver, Guid User)? _ids;

    private async Task<(Guid Vehicle, Guid Driver, Guid User)> JianganRecords()
    {
        await Setup.WaitAsync();
        try
        {
            if (_ids is { } ids) return ids;
            var vehicle = (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/vehicles",
                new { plate = "鄂A·S0001", category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }, HttpStatusCode.Created))
                .GetProperty("vehicleId").GetGuid();
            var driver = (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/drivers",
                new { name = "江岸司机", licenceClasses = new[] { "C1" }, licenceNumber = "420102198001011234", licenceExpiresOn = "2030-01-01" }, HttpStatusCode.Created))
                .GetProperty("driverId").GetGuid();
            var me = await app.GetAs(FleetApp.Jiangan, Role.Clerk, "/api/me");
            _ids = (vehicle, driver, me.GetProperty("userId").GetGuid());
            return _ids.Value;
        }
        finally
        {
            Setup.Release();
        }
    }

    public static TheoryData<Role> JianghanRoles() => new(Enum.GetValues<Role>());

    [Theory]
    [MemberData(nameof(JianghanRoles))]
    public async Task Nothing_of_another_district_can_be_read_listed_or_changed(Role role)
    {
        var (vehicle, driver, user) = await JianganRecords();
        var idBased = IsolationProbes.ById(vehicle, driver, user, "JA0001", FleetApp.JianganPool);
        var body = new { kilometres = 99999, reason = "越界", toPool = FleetApp.JianghanPool, roles = new[] { "Clerk" }, name = "越界" };

        foreach (var (method, url) in idBased)
        {
            var result = await app.ScenarioAs(FleetApp.Jianghan, role, s =>
            {
                if (method == "GET") s.Get.Url(url);
                else s.Post.Json(body).ToUrl(url);
                s.IgnoreStatusCode();
            });
            result.Context.Response.StatusCode.Should().BeOneOf([403, 404], $"{role} of 江汉 must not reach {method} {url}");
        }

        foreach (var list in new[] { "/api/vehicles?pageSize=200", "/api/drivers?pageSize=200", "/api/users?pageSize=200", "/api/organisations?pageSize=200",
                     "/api/availability?from=2026-11-28T08:00:00Z&to=2026-11-28T09:00:00Z" })
        {
            var result = await app.ScenarioAs(FleetApp.Jianghan, role, s =>
            {
                s.Get.Url(list);
                s.IgnoreStatusCode();
            });
            if (result.Context.Response.StatusCode == 403) continue;
            var text = await result.ReadAsTextAsync();
            text.Should().NotContain(vehicle.ToString()).And.NotContain(driver.ToString()).And.NotContain(user.ToString())
                .And.NotContain("JA0001").And.NotContain("鄂A·S0001", $"{role} of 江汉 must not see 江岸's records in {list}");
        }

        (await app.GetAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{vehicle}")).GetProperty("odometerKm").GetDecimal().Should().Be(0);
    }
}
