using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Xunit;

namespace Fleet.Server.Tests.People;

public class UserAdministrationTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Password = "correct-horse-battery";

    private Task<JsonElement> Send(string pool, Role role, string url, object body, HttpStatusCode expected) =>
        app.PostAs(pool, role, url, body, expected);

    private async Task<Guid> Register(string login, string organisation, params string[] roles) =>
        (await Send(FleetApp.Jiangan, Role.FleetAdmin, "/api/users",
            new { loginName = login, displayName = "测试用户", organisationCode = organisation, roles, password = Password }, HttpStatusCode.Created))
        .GetProperty("userId").GetGuid();

    private Task<IScenarioResult> SignIn(string login, HttpStatusCode expected) =>
        app.Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = login, password = Password }).ToUrl("/api/auth/token");
            s.StatusCodeShouldBe(expected);
        });

    [Fact]
    public async Task A_fleet_admin_gives_a_person_of_their_pool_an_account_that_signs_in()
    {
        var id = await Register("zhang.san", "JA0001", "Clerk", "审批人");

        var token = (await (await SignIn("zhang.san", HttpStatusCode.OK)).ReadAsJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        var me = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/me");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
        });
        var body = await me.ReadAsJsonAsync<JsonElement>();
        body.GetProperty("userId").GetGuid().Should().Be(id);
        body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("clerk", "approver");

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        var registered = (await session.Events.FetchStreamAsync(id)).Single();
        registered.EventTypeName.Should().Be("user_registered");
        registered.Data.ToString().Should().NotContain(Password, "a password never goes into the event store");
    }

    [Fact]
    public async Task Accounts_of_another_pool_are_out_of_reach()
    {
        var problem = await Send(FleetApp.Jiangan, Role.FleetAdmin, "/api/users",
            new { loginName = "li.si", displayName = "李四", organisationCode = "JH0001", roles = new[] { "Clerk" }, password = Password },
            HttpStatusCode.NotFound);
        problem.GetProperty("code").GetString().Should().Be("organisation.not_found");

        var jianghanAdmin = await app.ScenarioAs(FleetApp.Jianghan, Role.FleetAdmin, s => s.Get.Url("/api/users?pageSize=200"));
        (await jianghanAdmin.ReadAsJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
            .Select(u => u.GetProperty("loginName").GetString()).Should().OnlyContain(l => l!.StartsWith("jianghan."));

        var someone = await Register("wang.wu", "JA0001", "Clerk");
        await app.ScenarioAs(FleetApp.Jianghan, Role.FleetAdmin, s =>
        {
            s.Get.Url($"/api/users/{someone}");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
        await Send(FleetApp.Jianghan, Role.FleetAdmin, $"/api/users/{someone}/deactivate", new { reason = "越权" }, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("JA0001", "Dispatcher", "user.role_misfit")]
    [InlineData("420102", "Clerk", "user.role_misfit")]
    [InlineData("JA0001", "Chauffeur", "user.role_invalid")]
    public async Task Roles_fit_the_organisation(string organisation, string role, string code)
    {
        var problem = await Send(FleetApp.Jiangan, Role.FleetAdmin, "/api/users",
            new { loginName = $"misfit.{role.ToLowerInvariant()}", displayName = "某人", organisationCode = organisation, roles = new[] { role }, password = Password },
            HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().Should().Be(code);
    }

    [Fact]
    public async Task Login_names_are_unique_and_passwords_not_trivial()
    {
        var taken = await Send(FleetApp.Jiangan, Role.FleetAdmin, "/api/users",
            new { loginName = "JIANGAN.CLERK", displayName = "重名", organisationCode = "JA0001", roles = new[] { "Clerk" }, password = Password },
            HttpStatusCode.Conflict);
        taken.GetProperty("code").GetString().Should().Be("user.login_name_taken");

        var weak = await Send(FleetApp.Jiangan, Role.FleetAdmin, "/api/users",
            new { loginName = "weak.one", displayName = "弱密码", organisationCode = "JA0001", roles = new[] { "Clerk" }, password = "aaaaaaaaaaaa" },
            HttpStatusCode.BadRequest);
        weak.GetProperty("code").GetString().Should().Be("user.password_weak");
    }

    [Fact]
    public async Task Roles_change_moves_stay_in_the_pool_and_deactivated_accounts_cannot_sign_in()
    {
        var id = await Register("zhao.liu", "420102", "Dispatcher");

        var changed = await Send(FleetApp.Jiangan, Role.FleetAdmin, $"/api/users/{id}/roles", new { roles = new[] { "Dispatcher", "Supervisor" } }, HttpStatusCode.OK);
        changed.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("dispatcher", "supervisor");

        var misfit = await Send(FleetApp.Jiangan, Role.FleetAdmin, $"/api/users/{id}/move", new { organisationCode = "JA0001" }, HttpStatusCode.BadRequest);
        misfit.GetProperty("code").GetString().Should().Be("user.role_misfit");

        await Send(FleetApp.Jiangan, Role.FleetAdmin, $"/api/users/{id}/deactivate", new { reason = "调离" }, HttpStatusCode.OK);
        var refused = await SignIn("zhao.liu", HttpStatusCode.Forbidden);
        (await refused.ReadAsJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("auth.account_inactive");

        await Send(FleetApp.Jiangan, Role.FleetAdmin, $"/api/users/{id}/reactivate", new { }, HttpStatusCode.OK);
        await SignIn("zhao.liu", HttpStatusCode.OK);

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        (await session.Events.FetchStreamAsync(id)).Select(e => e.EventTypeName)
            .Should().Equal("user_registered", "user_roles_changed", "user_deactivated", "user_reactivated");
    }

    [Fact]
    public async Task An_admin_cannot_lock_themselves_out()
    {
        var me = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s => s.Get.Url("/api/me"));
        var id = (await me.ReadAsJsonAsync<JsonElement>()).GetProperty("userId").GetGuid();

        var problem = await Send(FleetApp.Jiangan, Role.FleetAdmin, $"/api/users/{id}/deactivate", new { reason = "手滑" }, HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().Should().Be("user.cannot_deactivate_self");
    }

    [Fact]
    public async Task User_lists_page_filter_and_sort()
    {
        var page = await app.ScenarioAs(FleetApp.City, Role.FleetAdmin, s => s.Get.Url("/api/users?role=Dispatcher&sort=-loginName"));
        var body = await page.ReadAsJsonAsync<JsonElement>();
        body.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("loginName").GetString()).Should().Equal("city.dispatcher");

        var clerks = await app.ScenarioAs(FleetApp.City, Role.Supervisor, s => s.Get.Url("/api/users?organisation=CITY01&pageSize=1"));
        var clerkPage = await clerks.ReadAsJsonAsync<JsonElement>();
        clerkPage.GetProperty("totalItems").GetInt64().Should().Be(2);
        clerkPage.GetProperty("totalPages").GetInt64().Should().Be(2);
    }

    [Fact]
    public async Task The_citys_supervisors_see_every_districts_accounts()
    {
        var id = await Register("sun.qi", "JA0001", "Clerk");

        (await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/users/{id}")).GetProperty("pool").GetString().Should().Be(FleetApp.JianganPool);
        var all = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/users?role=FleetAdmin");
        all.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("loginName").GetString())
            .Should().BeEquivalentTo("city.fleetadmin", "jiangan.fleetadmin", "jianghan.fleetadmin");
        await app.GetAs(FleetApp.Jianghan, Role.Supervisor, $"/api/users/{id}", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Role.Clerk)]
    [InlineData(Role.Approver)]
    [InlineData(Role.Dispatcher)]
    [InlineData(Role.Driver)]
    public async Task Only_fleet_admins_and_supervisors_see_accounts(Role role)
    {
        await app.ScenarioAs(FleetApp.Jiangan, role, s =>
        {
            s.Get.Url("/api/users");
            s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
        });
    }
}
