using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Xunit;

namespace Fleet.Server.Tests.Organisations;

public class OrganisationTests(FleetApp app) : IClassFixture<FleetApp>
{
    private Task<JsonElement> Send(string pool, Role role, string url, object body, HttpStatusCode expected) =>
        app.PostAs(pool, role, url, body, expected);

    private Task<JsonElement> Get(string pool, Role role, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        app.GetAs(pool, role, url, expected);

    private static IEnumerable<string> Codes(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("code").GetString()!);

    [Fact]
    public async Task The_city_sets_up_a_district_which_then_runs_its_own_pool()
    {
        var created = await Send(FleetApp.City, Role.FleetAdmin, "/api/organisations/districts",
            new { code = "420104", name = "硚口区" }, HttpStatusCode.Created);

        created.GetProperty("pool").GetString().Should().Be("420104");
        var district = await Get(FleetApp.City, Role.Supervisor, "/api/organisations/420104");
        district.GetProperty("kind").GetString().Should().Be("district");
        district.GetProperty("parentCode").GetString().Should().Be(FleetApp.CityPool);
    }

    [Fact]
    public async Task Only_the_city_sets_up_districts()
    {
        var problem = await Send(FleetApp.Jiangan, Role.FleetAdmin, "/api/organisations/districts",
            new { code = "420105", name = "汉阳区" }, HttpStatusCode.Forbidden);
        problem.GetProperty("code").GetString().Should().Be("organisation.city_only");

        await Send(FleetApp.City, Role.Supervisor, "/api/organisations/districts", new { code = "420105", name = "汉阳区" }, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("430102", "organisation.district_outside_city")]
    [InlineData("42010", "organisation.code_invalid")]
    [InlineData("420102", "organisation.code_taken")]
    public async Task A_district_code_must_be_a_new_division_code_within_the_city(string code, string problemCode)
    {
        var problem = await app.ScenarioAs(FleetApp.City, Role.FleetAdmin, s =>
        {
            s.Post.Json(new { code, name = "某区" }).ToUrl("/api/organisations/districts");
            s.IgnoreStatusCode();
        });

        var body = await problem.ReadAsJsonAsync<JsonElement>();
        body.GetProperty("code").GetString().Should().Be(problemCode);
        problem.Context.Response.StatusCode.Should().BeOneOf(400, 409);
    }

    [Fact]
    public async Task A_district_sets_up_units_under_itself_but_not_under_another_district()
    {
        await Send(FleetApp.Jiangan, Role.FleetAdmin, "/api/organisations/units",
            new { code = "JA0002", name = "江岸区教育局", parentCode = FleetApp.JianganPool }, HttpStatusCode.Created);

        var problem = await Send(FleetApp.Jiangan, Role.FleetAdmin, "/api/organisations/units",
            new { code = "JA0003", name = "越界单位", parentCode = FleetApp.JianghanPool }, HttpStatusCode.NotFound);
        problem.GetProperty("code").GetString().Should().Be("organisation.parent_not_found");

        var unit = await Get(FleetApp.Jiangan, Role.Supervisor, "/api/organisations/JA0002");
        (unit.GetProperty("kind").GetString(), unit.GetProperty("parentCode").GetString(), unit.GetProperty("name").GetString())
            .Should().Be(("unit", FleetApp.JianganPool, "江岸区教育局"));
        await Get(FleetApp.City, Role.Supervisor, "/api/organisations/JA0003", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Each_pool_lists_its_own_organisations_and_the_city_lists_all()
    {
        var jiangan = await Get(FleetApp.Jiangan, Role.Supervisor, "/api/organisations?sort=code");
        var jianghan = await Get(FleetApp.Jianghan, Role.Clerk, "/api/organisations");
        var city = await Get(FleetApp.City, Role.Supervisor, "/api/organisations?pageSize=200");

        Codes(jiangan).Should().Contain(["420102", "JA0001"]).And.NotContain(c => c.StartsWith("JH") || c == "420103");
        // Other tests of this class add units to 江汉: the list holds 江汉's own, whatever they are.
        Codes(jianghan).Should().Contain(["420103", "JH0001"]).And.OnlyContain(c => c == "420103" || c.StartsWith("JH"));
        Codes(city).Should().Contain(["420100", "420102", "420103", "CITY01", "JA0001", "JH0001"]);
        await Get(FleetApp.Jianghan, Role.Clerk, "/api/organisations/JA0001", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Lists_page_filter_and_sort()
    {
        var units = await Get(FleetApp.City, Role.Supervisor, "/api/organisations?kind=unit&sort=-code&pageSize=2");
        units.GetProperty("pageSize").GetInt32().Should().Be(2);
        units.GetProperty("totalItems").GetInt64().Should().BeGreaterThanOrEqualTo(3);
        var codes = Codes(units).ToList();
        codes.Should().HaveCount(2).And.BeInDescendingOrder(StringComparer.Ordinal);

        var search = await Get(FleetApp.City, Role.Supervisor, "/api/organisations?q=江汉");
        Codes(search).Should().Contain(["420103", "JH0001"]).And.OnlyContain(c => c == "420103" || c.StartsWith("JH"), "only 江汉's names hold 江汉");

        var bad = await Get(FleetApp.City, Role.Supervisor, "/api/organisations?sort=colour&pageSize=1000", HttpStatusCode.BadRequest);
        bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Should().BeEquivalentTo("sort", "pageSize");

        await Get(FleetApp.City, Role.Supervisor, "/api/organisations?page=abc", HttpStatusCode.BadRequest);
        (await Get(FleetApp.City, Role.Supervisor, "/api/organisations?kind=1", HttpStatusCode.BadRequest)).Code().Should().Be("request.filter_invalid");
    }

    [Fact]
    public async Task Renaming_and_closing_are_events_and_a_pool_with_open_units_stays_open()
    {
        await Send(FleetApp.Jianghan, Role.FleetAdmin, "/api/organisations/units",
            new { code = "JH0009", name = "江汉区旧单位", parentCode = FleetApp.JianghanPool }, HttpStatusCode.Created);

        var renamed = await Send(FleetApp.Jianghan, Role.FleetAdmin, "/api/organisations/JH0009/rename", new { name = "江汉区新单位" }, HttpStatusCode.OK);
        renamed.GetProperty("name").GetString().Should().Be("江汉区新单位");

        var stillServing = await Send(FleetApp.City, Role.FleetAdmin, "/api/organisations/420103/close", new { reason = "区划调整" }, HttpStatusCode.Conflict);
        stillServing.GetProperty("code").GetString().Should().Be("organisation.has_open_units");

        var closed = await Send(FleetApp.Jianghan, Role.FleetAdmin, "/api/organisations/JH0009/close", new { reason = "机构改革" }, HttpStatusCode.OK);
        closed.GetProperty("closed").GetBoolean().Should().BeTrue();
        var again = await Send(FleetApp.Jianghan, Role.FleetAdmin, "/api/organisations/JH0009/rename", new { name = "又改名" }, HttpStatusCode.Conflict);
        again.GetProperty("code").GetString().Should().Be("organisation.closed");

        var unit = await Get(FleetApp.Jianghan, Role.Supervisor, "/api/organisations/JH0009");
        await using var session = app.Store.QuerySession(FleetApp.JianghanPool);
        var stored = await session.Events.FetchStreamAsync(unit.GetProperty("id").GetGuid());
        stored.Select(e => e.Data).Should().SatisfyRespectively(
            established => established.Should().BeOfType<OrganisationEstablished>().Which.Name.Should().Be("江汉区旧单位"),
            renamed => renamed.Should().BeOfType<OrganisationRenamed>().Which.Name.Should().Be("江汉区新单位"),
            closed => closed.Should().BeOfType<OrganisationClosed>().Which.Reason.Should().Be("机构改革"));
    }

    [Fact]
    public async Task Another_pools_organisation_cannot_be_changed()
    {
        var problem = await Send(FleetApp.Jiangan, Role.FleetAdmin, "/api/organisations/JH0001/rename", new { name = "改别人的" }, HttpStatusCode.NotFound);
        problem.GetProperty("code").GetString().Should().Be("organisation.not_found");
    }

    [Theory]
    [InlineData(Role.Clerk)]
    [InlineData(Role.Dispatcher)]
    [InlineData(Role.Supervisor)]
    public async Task Only_fleet_admins_change_the_registry(Role role)
    {
        await Send(FleetApp.Jiangan, role, "/api/organisations/units",
            new { code = "JA0099", name = "无权单位", parentCode = FleetApp.JianganPool }, HttpStatusCode.Forbidden);
        await Send(FleetApp.Jiangan, role, "/api/organisations/JA0001/rename", new { name = "无权改名" }, HttpStatusCode.Forbidden);

        await Get(FleetApp.City, Role.Supervisor, "/api/organisations/JA0099", HttpStatusCode.NotFound);
        (await Get(FleetApp.City, Role.Supervisor, "/api/organisations/JA0001")).GetProperty("name").GetString().Should().NotBe("无权改名");
    }

    [Fact]
    public async Task Invalid_forms_name_every_bad_field()
    {
        var problem = await Send(FleetApp.Jiangan, Role.FleetAdmin, "/api/organisations/units", new { code = "x", name = "" }, HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString())
            .Should().BeEquivalentTo("code", "name", "parentCode");
    }
}
