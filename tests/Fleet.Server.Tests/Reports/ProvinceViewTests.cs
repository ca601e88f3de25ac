using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Reports;

/// <summary>
/// The province above its cities (ADR 025): its supervisor sees every city's figures, compliance and audit verification,
/// each read from the city's own database, and a city whose database does not answer is shown as unavailable while the
/// other cities — their figures, their commands and pages — go on.
/// </summary>
public sealed class ProvinceViewTests(ProvinceViewTests.Fleet app) : IClassFixture<ProvinceViewTests.Fleet>
{
    /// <summary>The province with Wuhan's database reached through a link the test can cut, and a trip of October in Xiangyang, chained before the tests begin.</summary>
    public sealed class Fleet : ProvinceFleet
    {
        private (CuttableLink Link, string ConnectionString)? _wuhan;

        public CuttableLink WuhanLink => _wuhan!.Value.Link;

        protected override bool SetsUpCities => true;

        protected override string Served(string city, string connectionString) =>
            city == Wuhan ? (_wuhan ??= CuttableLink.ToDatabase(connectionString)).ConnectionString : connectionString;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await RecordTripOfOctoberAsync(Store, Xiangyang, "鄂F·P0001");
            await AuditChainWatch.CaughtUpAsync(XiangyangAndXiantaoDatabase);
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (_wuhan is { } wuhan) await wuhan.Link.DisposeAsync();
        }
    }

    private async Task<(int Status, JsonElement Body)> AsAsync(string login, string url)
    {
        var bearer = await app.BearerOf(login);
        var result = await app.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", bearer);
            s.Get.Url(url);
            s.IgnoreStatusCode();
        });
        return (result.Context.Response.StatusCode, await result.ReadAsJsonAsync<JsonElement>());
    }

    private static JsonElement City(JsonElement overview, string code) =>
        overview.GetProperty("cities").EnumerateArray().Single(c => c.GetProperty("city").GetString() == code);

    [Fact]
    public async Task The_provinces_supervisor_sees_every_city_side_by_side_each_read_from_its_own_database()
    {
        var overview = await app.GetAsync(ProvinceFleet.ProvinceSupervisor, "/api/reports/province?period=2026-10");

        overview.GetProperty("cities").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("武汉市", "襄阳市", "仙桃市");
        var xiangyang = City(overview, ProvinceFleet.Xiangyang);
        xiangyang.GetProperty("available").GetBoolean().Should().BeTrue();
        xiangyang.GetProperty("totals").GetProperty("trips").GetInt32().Should().Be(1);
        xiangyang.GetProperty("totals").GetProperty("distanceKm").GetDecimal().Should().Be(120);
        xiangyang.GetProperty("totals").GetProperty("cost").GetDecimal().Should().Be(80);
        xiangyang.GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("pool").GetString()).Should().Equal(ProvinceFleet.Xiangyang);
        City(overview, ProvinceFleet.Wuhan).GetProperty("totals").GetProperty("trips").GetInt32().Should().Be(0);
        City(overview, ProvinceFleet.Wuhan).GetProperty("pools").EnumerateArray().Select(p => p.GetProperty("pool").GetString())
            .Should().Equal(ProvinceFleet.Wuhan, "420102");
        City(overview, ProvinceFleet.Xiantao).GetProperty("totals").GetProperty("trips").GetInt32().Should().Be(0, "Xiantao shares Xiangyang's database, not its trips");
        overview.GetProperty("province").GetProperty("trips").GetInt32().Should().Be(1);
        overview.GetProperty("province").GetProperty("pool").GetString().Should().Be(ProvinceFleet.Province);
        overview.GetProperty("unavailable").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task The_provinces_supervisor_verifies_every_citys_audit_chains_and_sees_the_latest_verification_of_each()
    {
        var verification = await app.GetAsync(ProvinceFleet.ProvinceSupervisor, "/api/audit/province/verify?from=start");

        verification.GetProperty("intact").GetBoolean().Should().BeTrue();
        var xiangyang = verification.GetProperty("cities").EnumerateArray().Single(c => c.GetProperty("city").GetString() == ProvinceFleet.Xiangyang);
        xiangyang.GetProperty("result").GetProperty("intact").GetBoolean().Should().BeTrue();
        xiangyang.GetProperty("result").GetProperty("chains").EnumerateArray().Select(c => c.GetProperty("chain").GetString())
            .Should().Contain(ProvinceFleet.Xiangyang, "the chain of the pool that holds the trip").And.NotContain(ProvinceFleet.Xiantao, "Xiantao's chains are Xiantao's");

        // A verification Xiangyang's own supervisor started is what the province sees of Xiangyang.
        await app.PostAsync("xy-admin", "/api/audit/verifications", new { }, HttpStatusCode.OK);
        var overview = await app.GetAsync(ProvinceFleet.ProvinceSupervisor, "/api/reports/province?period=2026-10");
        City(overview, ProvinceFleet.Xiangyang).GetProperty("latestVerification").ValueKind.Should().Be(JsonValueKind.Object);
        City(overview, ProvinceFleet.Wuhan).GetProperty("latestVerification").ValueKind.Should().Be(JsonValueKind.Null, "Wuhan verified nothing yet");
    }

    [Fact]
    public async Task A_city_whose_database_does_not_answer_is_shown_unavailable_and_the_others_go_on()
    {
        app.WuhanLink.Cut();
        try
        {
            var (status, overview) = await AsAsync(ProvinceFleet.ProvinceSupervisor, "/api/reports/province?period=2026-10");
            status.Should().Be(200, "one city's outage is no outage of the province's view");
            City(overview, ProvinceFleet.Wuhan).GetProperty("available").GetBoolean().Should().BeFalse();
            City(overview, ProvinceFleet.Wuhan).GetProperty("totals").ValueKind.Should().Be(JsonValueKind.Null);
            City(overview, ProvinceFleet.Xiangyang).GetProperty("totals").GetProperty("trips").GetInt32().Should().Be(1);
            overview.GetProperty("unavailable").EnumerateArray().Select(c => c.GetString()).Should().Equal(ProvinceFleet.Wuhan);
            overview.GetProperty("province").GetProperty("trips").GetInt32().Should().Be(1, "the sums are of the cities that answered");

            var (_, verification) = await AsAsync(ProvinceFleet.ProvinceSupervisor, "/api/audit/province/verify");
            verification.GetProperty("intact").GetBoolean().Should().BeFalse("a city that could not be checked is no evidence");
            verification.GetProperty("cities").EnumerateArray().Single(c => c.GetProperty("city").GetString() == ProvinceFleet.Wuhan)
                .GetProperty("available").GetBoolean().Should().BeFalse();

            // Xiangyang's people keep working: a page read and a command.
            (await app.GetAsync("xy-admin", "/api/vehicles")).GetProperty("items").GetArrayLength().Should().BeGreaterThan(0);
            await app.PostAsync("xy-admin", "/api/vehicles", new { plate = "鄂F·P0002", category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" });
        }
        finally
        {
            app.WuhanLink.Mend();
        }

        var mended = await app.GetAsync(ProvinceFleet.ProvinceSupervisor, "/api/reports/province?period=2026-10");
        City(mended, ProvinceFleet.Wuhan).GetProperty("available").GetBoolean().Should().BeTrue("the city is back as soon as its database answers");
    }

    [Fact]
    public async Task Only_the_provinces_supervisors_see_the_province_and_they_see_no_citys_records()
    {
        foreach (var url in new[] { "/api/reports/province?period=2026-10", "/api/audit/province/verify" })
        {
            var (status, problem) = await AsAsync("xy-admin", url);
            status.Should().Be(403, "a city's supervisor sees their city, not the province");
            problem.GetProperty("code").GetString().Should().Be("report.province_only");
        }

        var (cityStatus, _) = await AsAsync(ProvinceFleet.ProvinceSupervisor, "/api/reports/city?period=2026-10");
        cityStatus.Should().Be(403, "the province sees each city's sums, not inside a city's report");
        foreach (var list in new[] { "/api/vehicles", "/api/users", "/api/trips" })
        {
            var (status, body) = await AsAsync(ProvinceFleet.ProvinceSupervisor, list);
            if (status == 403) continue;
            status.Should().Be(200, list);
            body.GetRawText().Should().NotContain("鄂F·P0001").And.NotContain("xy-admin", list);
        }

        var (wrong, problems) = await AsAsync(ProvinceFleet.ProvinceSupervisor, "/api/reports/province?period=someday");
        wrong.Should().Be(400);
        problems.GetRawText().Should().Contain("report.period_invalid");
    }
}
