using Microsoft.Extensions.DependencyInjection;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Server.Setup;
using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Hosting;

/// <summary>
/// People of a province's cities (ADR 025): each signs in with the same form and lands in their own city's database, a login
/// name is one across the province, and a city's supervisors see their city only, also beside a city sharing its database.
/// </summary>
public sealed class ProvinceSignInTests(ProvinceFleetWithCities app) : IClassFixture<ProvinceFleetWithCities>
{
    private Task<JsonElement> RegisterAsync(string admin, string login, string organisation, HttpStatusCode expected = HttpStatusCode.Created) =>
        app.PostAsync(admin, "/api/users",
            new { loginName = login, displayName = login, organisationCode = organisation, roles = new[] { "Dispatcher" }, password = ProvinceFleet.Password },
            expected);

    private async Task<string[]> LoginsSeenBy(string admin)
    {
        var page = await app.GetAsync(admin, "/api/users?pageSize=100");
        return page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("loginName").GetString()!).ToArray();
    }

    [Fact]
    public async Task Everybody_signs_in_at_the_same_address_and_is_routed_to_their_citys_database()
    {
        await RegisterAsync("xt-admin", "xt-dispatcher", ProvinceFleet.Xiantao);

        var me = await app.GetAsync("xt-dispatcher", "/api/me");
        me.GetProperty("pool").GetString().Should().Be(ProvinceFleet.Xiantao);
        (await app.GetAsync("wh-admin", "/api/me")).GetProperty("pool").GetString().Should().Be(ProvinceFleet.Wuhan);

        (await ProvinceFleet.ScalarAsync<long>(app.XiangyangAndXiantaoDatabase, "select count(*) from public.mt_doc_usercredential where id = 'xt-dispatcher'"))
            .Should().Be(1, "the account is kept in its city's database");
        (await ProvinceFleet.ScalarAsync<string>(app.ConnectionString, "select data->>'pool' from public.mt_doc_signinroute where id = 'xt-dispatcher'"))
            .Should().Be(ProvinceFleet.Xiantao, "the province's database only says where it is");

        await app.Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = "xt-dispatcher", password = "not the password" }).ToUrl("/api/auth/token");
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
        await app.Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = "nobody-anywhere", password = ProvinceFleet.Password }).ToUrl("/api/auth/token");
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
    }

    [Fact]
    public async Task A_login_name_given_out_in_one_city_is_taken_in_every_other()
    {
        await RegisterAsync("wh-admin", "zhang.wei", "420102");

        var refused = await RegisterAsync("xy-admin", "Zhang.Wei", ProvinceFleet.Xiangyang, HttpStatusCode.Conflict);

        refused.GetProperty("code").GetString().Should().Be("user.login_name_taken");
        (await ProvinceFleet.ScalarAsync<long>(app.XiangyangAndXiantaoDatabase, "select count(*) from public.mt_doc_user where data->>'loginName' = 'zhang.wei'"))
            .Should().Be(0, "nothing of the refused account was written");
        (await app.GetAsync("zhang.wei", "/api/me")).GetProperty("pool").GetString().Should().Be("420102");
    }

    [Fact]
    public async Task A_citys_supervisor_sees_every_pool_of_the_city_and_nothing_of_a_city_sharing_its_database()
    {
        await RegisterAsync("wh-admin", "jiangan-dispatcher", "420102");
        var xiantao = await RegisterAsync("xt-admin", "xt-neighbour", ProvinceFleet.Xiantao);
        await RegisterAsync("xy-admin", "xy-dispatcher", ProvinceFleet.Xiangyang);

        (await LoginsSeenBy("wh-admin")).Should().Contain(["wh-admin", "jiangan-dispatcher"]).And.NotContain(["xy-admin", "xt-admin", "xt-neighbour"]);
        (await LoginsSeenBy("xy-admin")).Should().Contain(["xy-admin", "xy-dispatcher"]).And.NotContain(["xt-admin", "xt-neighbour", "wh-admin"]);
        (await LoginsSeenBy("xt-admin")).Should().Contain(["xt-admin", "xt-neighbour"]).And.NotContain(["xy-admin", "xy-dispatcher"]);

        var xiangyangSupervisor = await app.BearerOf("xy-admin");
        await app.Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", xiangyangSupervisor);
            s.Get.Url($"/api/users/{xiantao.GetProperty("userId").GetString()}");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
    }

    [Fact]
    public async Task A_command_sent_twice_under_one_key_is_carried_out_once_in_its_citys_database()
    {
        var bearer = await app.BearerOf("xt-admin");
        var key = Guid.NewGuid().ToString();
        var body = new { loginName = "xt-once", displayName = "仙桃一次", organisationCode = ProvinceFleet.Xiantao, roles = new[] { "Dispatcher" }, password = ProvinceFleet.Password };
        var answers = new List<IScenarioResult>();
        for (var i = 0; i < 2; i++)
        {
            answers.Add(await app.Host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", bearer);
                s.WithRequestHeader("Idempotency-Key", key);
                s.Post.Json(body).ToUrl("/api/users");
                s.StatusCodeShouldBe(HttpStatusCode.Created);
            }));
        }

        answers[1].Context.Response.Headers["Idempotency-Replayed"].ToString().Should().Be("true");
        (await ProvinceFleet.ScalarAsync<long>(app.XiangyangAndXiantaoDatabase, "select count(*) from public.mt_doc_user where data->>'loginName' = 'xt-once'"))
            .Should().Be(1);
        (await ProvinceFleet.ScalarAsync<long>(app.XiangyangAndXiantaoDatabase, "select count(*) from public.mt_doc_idempotencyrecord"))
            .Should().BeGreaterThan(0, "the record is kept with the command, in the city's database");
    }

    [Fact]
    public async Task A_district_is_set_up_only_when_its_pool_is_listed_for_the_city()
    {
        var refused = await app.PostAsync("wh-admin", "/api/organisations/districts", new { code = "420104", name = "江汉区" }, HttpStatusCode.Conflict);
        refused.GetProperty("code").GetString().Should().Be("organisation.pool_not_listed");
        refused.GetProperty("detail").GetString().Should().Contain("420104");

        var established = await app.PostAsync("wh-admin", "/api/organisations/districts", new { code = "420103", name = "江汉区" });
        established.GetProperty("pool").GetString().Should().Be("420103", "a pool listed for the city is its tenant from the start");
    }

    [Fact]
    public async Task The_province_is_set_up_once_above_its_cities_and_holds_supervisors_only()
    {
        var setup = app.Host.Services.GetRequiredService<CitySetup>();

        var province = await app.GetAsync(ProvinceFleet.ProvinceSupervisor, "/api/me");
        province.GetProperty("pool").GetString().Should().Be(ProvinceFleet.Province);
        (await ProvinceFleet.ScalarAsync<long>(app.ConnectionString, $"select count(*) from public.mt_doc_usercredential where id = '{ProvinceFleet.ProvinceSupervisor}'"))
            .Should().Be(1, "the province's accounts are kept in the province's database");

        var supervisor = new RegisterUserForm("hb-supervisor-2", "省级监管人员", ProvinceFleet.Province, [nameof(Role.Supervisor)], ProvinceFleet.Password);
        await setup.Invoking(s => s.SetUpProvinceAsync("430000", "湖南省", supervisor, CancellationToken.None)).Should().ThrowAsync<CitySetupException>()
            .WithMessage("The cities listed in Fleet:Cities are of province 420000, not of 430000.");
        var (again, added) = await setup.SetUpProvinceAsync(ProvinceFleet.Province, "湖北省", supervisor, CancellationToken.None);
        again.Code.Should().Be(ProvinceFleet.Province, "run again, it adds a supervisor to the province set up already");
        added.Pool.Should().Be(ProvinceFleet.Province);
        await setup.Invoking(s => s.RegisterUserAsync(new RegisterUserForm("hb-clerk", "省办事员", ProvinceFleet.Province, [nameof(Role.Clerk)], ProvinceFleet.Password),
            CancellationToken.None)).Should().ThrowAsync<CitySetupException>().WithMessage("*the province has supervisors only*");
        await setup.Invoking(s => s.EstablishAsync(new EstablishOrganisationForm("HB0001", "省直单位", ProvinceFleet.Province), OrganisationKind.Unit,
            CancellationToken.None)).Should().ThrowAsync<CitySetupException>().WithMessage("*A unit belongs to the city or to a district*");
    }
}
