using System.Text.Json;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Integrity;

/// <summary>
/// Each city's database keeps the audit chain of its own events (ADR 025), and a city's supervisor verifies the chains of
/// their city's pools: not those of a city sharing the database, nor that database's chain over both.
/// </summary>
public sealed class ProvinceAuditChainTests(ProvinceAuditChainTests.Fleet app) : IClassFixture<ProvinceAuditChainTests.Fleet>
{
    public sealed class Fleet : ProvinceFleet
    {
        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings) { ["Fleet:Audit:ChainEvery"] = "00:00:00.100" };

        protected override bool SetsUpCities => true;
    }

    private static async Task<long> LinksAsync(string database, string chain) =>
        await ProvinceFleet.ScalarAsync<long>(database, $"select count(*) from public.fleet_audit_links where chain = '{chain}'");

    private Task<JsonElement> VerifyAsync(string login) => app.GetAsync(login, "/api/audit/verify?from=start");

    [Fact]
    public async Task Every_database_chains_its_own_events_and_a_city_verifies_its_own_pools()
    {
        // The cities' set-up events are chained where they were stored.
        for (var waited = 0; waited < 300 && (await LinksAsync(app.XiangyangAndXiantaoDatabase, ProvinceFleet.Xiantao) == 0
                                              || await LinksAsync(app.WuhanDatabase, "420102") == 0); waited++)
            await Task.Delay(100);

        (await LinksAsync(app.WuhanDatabase, ProvinceFleet.Wuhan)).Should().BeGreaterThan(0);
        (await LinksAsync(app.WuhanDatabase, ProvinceFleet.Xiangyang)).Should().Be(0);
        (await LinksAsync(app.XiangyangAndXiantaoDatabase, ProvinceFleet.Xiangyang)).Should().BeGreaterThan(0);
        (await LinksAsync(app.XiangyangAndXiantaoDatabase, ProvinceFleet.Xiantao)).Should().BeGreaterThan(0);
        (await LinksAsync(app.ConnectionString, ProvinceFleet.Wuhan)).Should().Be(0, "the province's database holds no city's events");

        var xiangyang = await VerifyAsync("xy-admin");
        xiangyang.GetProperty("intact").GetBoolean().Should().BeTrue();
        xiangyang.GetProperty("chains").EnumerateArray().Select(c => c.GetProperty("chain").GetString()).Should().Equal(ProvinceFleet.Xiangyang);

        var wuhan = await VerifyAsync("wh-admin");
        wuhan.GetProperty("intact").GetBoolean().Should().BeTrue();
        wuhan.GetProperty("chains").EnumerateArray().Select(c => c.GetProperty("chain").GetString()).Should().BeSubsetOf(ProvinceFleet.PoolsOf[ProvinceFleet.Wuhan])
            .And.Contain([ProvinceFleet.Wuhan, "420102"]);
    }
}
