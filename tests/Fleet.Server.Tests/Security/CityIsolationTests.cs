using System.Text.Json;
using Alba;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Server.Setup;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fleet.Server.Tests.Security;

/// <summary>
/// The authorization matrix's city dimension (ADR 025): 襄阳 (420600)'s records against every role of 仙桃 (429004), which
/// shares 襄阳's database, and of 武汉 (420100), which has a database of its own. Nothing of 襄阳's is read, listed or changed,
/// not even by a city's supervisor, who sees every pool of their own city.
/// </summary>
public sealed class CityIsolationTests(CityIsolationTests.Fleet app) : IClassFixture<CityIsolationTests.Fleet>
{
    public sealed class Fleet : ProvinceFleet
    {
        public (Guid Vehicle, Guid Driver, Guid User) XiangyangRecords { get; private set; }

        protected override bool SetsUpCities => true;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var setup = Host.Services.GetRequiredService<CitySetup>();
            foreach (var (city, prefix) in new[] { (Xiangyang, "xy"), (Xiantao, "xt"), (Wuhan, "wh") })
            {
                var unit = $"{prefix.ToUpperInvariant()}0001";
                await setup.EstablishAsync(new EstablishOrganisationForm(unit, $"{prefix}办公室", city), OrganisationKind.Unit, CancellationToken.None);
                foreach (var role in Enum.GetValues<Role>())
                {
                    var inUnit = role is Role.Clerk or Role.Approver;
                    await setup.RegisterUserAsync(new RegisterUserForm($"{prefix}-{role}".ToLowerInvariant(), $"{prefix} {role}", inUnit ? unit : city,
                        [role.ToString()], Password), CancellationToken.None);
                }
            }

            var vehicle = await PostAsync("xy-admin", "/api/vehicles", new { plate = "鄂F·S0001", category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" });
            var driver = await PostAsync("xy-admin", "/api/drivers",
                new { name = "襄阳司机", licenceClasses = new[] { "C1" }, licenceNumber = "420602198001011234", licenceExpiresOn = "2030-01-01" });
            var me = await GetAsync("xy-admin", "/api/me");
            XiangyangRecords = (vehicle.GetProperty("vehicleId").GetGuid(), driver.GetProperty("driverId").GetGuid(), me.GetProperty("userId").GetGuid());
        }
    }

    public static TheoryData<string, Role> Outsiders()
    {
        var data = new TheoryData<string, Role>();
        foreach (var city in new[] { "xt", "wh" })
        {
            foreach (var role in Enum.GetValues<Role>()) data.Add(city, role);
        }

        // The province's supervisor sees the cities' sums, never a city's records.
        data.Add("hb", Role.Supervisor);

        return data;
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task Nothing_of_another_city_can_be_read_listed_or_changed(string city, Role role)
    {
        var (vehicle, driver, user) = app.XiangyangRecords;
        var bearer = await app.BearerOf($"{city}-{role}".ToLowerInvariant());
        var idBased = IsolationProbes.ById(vehicle, driver, user, "XY0001", ProvinceFleet.Xiangyang);
        var body = new { kilometres = 99999, reason = "越界", toPool = ProvinceFleet.Xiangyang, roles = new[] { "Clerk" }, name = "越界" };

        foreach (var (method, url) in idBased)
        {
            var result = await app.Host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", bearer);
                if (method == "GET") s.Get.Url(url);
                else s.Post.Json(body).ToUrl(url);
                s.IgnoreStatusCode();
            });
            result.Context.Response.StatusCode.Should().BeOneOf([400, 403, 404], $"{role} of {city} must not reach {method} {url}");
        }

        foreach (var list in new[] { "/api/vehicles?pageSize=200", "/api/drivers?pageSize=200", "/api/users?pageSize=200", "/api/organisations?pageSize=200",
                     "/api/availability?from=2026-11-28T08:00:00Z&to=2026-11-28T09:00:00Z", "/api/trips?pageSize=200" })
        {
            var result = await app.Host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", bearer);
                s.Get.Url(list);
                s.IgnoreStatusCode();
            });
            if (result.Context.Response.StatusCode == 403) continue;
            result.Context.Response.StatusCode.Should().Be(200, list);
            var text = await result.ReadAsTextAsync();
            text.Should().NotContain(vehicle.ToString()).And.NotContain(driver.ToString()).And.NotContain(user.ToString())
                .And.NotContain("XY0001").And.NotContain("鄂F·S0001").And.NotContain("xy-", $"{role} of {city} must not see 襄阳's records in {list}");
        }

        (await app.GetAsync("xy-admin", $"/api/vehicles/{vehicle}")).GetProperty("odometerKm").GetDecimal().Should().Be(0, "nothing was changed");
    }

    /// <summary>The province's dimension of the authorization matrix: every endpoint, asked about Xiangyang's records by the province's supervisor.</summary>
    [Fact]
    public async Task The_provinces_supervisor_reaches_no_citys_record_through_any_endpoint()
    {
        var (vehicle, driver, user) = app.XiangyangRecords;
        var bearer = await app.BearerOf(ProvinceFleet.ProvinceSupervisor);
        var body = new { kilometres = 99999, reason = "越界", toPool = ProvinceFleet.Xiangyang, roles = new[] { "Clerk" }, name = "越界" };
        var wrong = new List<string>();
        foreach (var endpoint in ApiEndpoints.All.Where(e => !e.IsPublic))
        {
            var url = (endpoint.Route + endpoint.Query).Replace("{vehicle}", vehicle.ToString()).Replace("{pool}", ProvinceFleet.Xiangyang)
                .Replace("{id}", endpoint.Route.Contains("driver") ? driver.ToString() : endpoint.Route.Contains("user") ? user.ToString() : vehicle.ToString());
            var result = await app.Host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", bearer);
                if (endpoint.Method == "GET") s.Get.Url(url);
                else s.Post.Json(body).ToUrl(url);
                s.IgnoreStatusCode();
            });
            var status = result.Context.Response.StatusCode;
            var text = await result.ReadAsTextAsync();
            if (status >= 500) wrong.Add($"{endpoint.Method} {url}: {status}");
            // A refusal names what was asked for; only an answer could show what was there.
            else if (status < 300 && new[] { vehicle.ToString(), driver.ToString(), user.ToString(), "XY0001", "鄂F·S0001", "xy-" }.FirstOrDefault(text.Contains) is { } seen)
                wrong.Add($"{endpoint.Method} {url}: {status} shows {seen}");
        }

        wrong.Should().BeEmpty("the province sees the cities' sums, never their records");
        (await app.GetAsync("xy-admin", $"/api/vehicles/{vehicle}")).GetProperty("odometerKm").GetDecimal().Should().Be(0, "nothing was changed");
    }
}
