using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Samples.DemoHost;
using Fleet.Domain.People;
using Fleet.Server.Setup;
using Fleet.Testing;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.People;

public class SignInTests(FleetApp app) : IClassFixture<FleetApp>
{
    private Task<IScenarioResult> Token(string login, string password, HttpStatusCode expected) =>
        app.Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = login, password }).ToUrl("/api/auth/token");
            s.StatusCodeShouldBe(expected);
        });

    private static async Task<string> Code(IScenarioResult result) =>
        (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

    [Fact]
    public async Task A_bearer_token_signs_an_api_client_in_with_its_pool_and_roles()
    {
        var result = await Token(DemoCity.Login(FleetApp.Jiangan, Role.Dispatcher), DemoCity.Password, HttpStatusCode.OK);
        var token = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();

        var me = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/me");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
        });

        var body = await me.ReadAsJsonAsync<JsonElement>();
        body.GetProperty("loginName").GetString().Should().Be("jiangan.dispatcher");
        body.GetProperty("pool").GetString().Should().Be(FleetApp.JianganPool);
        body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("dispatcher");
    }

    [Fact]
    public async Task A_cookie_signs_a_browser_in_and_sign_out_ends_it()
    {
        var signIn = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = "  JIANGAN.Clerk ", password = DemoCity.Password }).ToUrl("/api/auth/sign-in");
            s.StatusCodeShouldBeOk();
        });
        var cookie = signIn.Context.Response.Headers.SetCookie.ToString();
        cookie.Should().Contain("fleet.auth=").And.Contain("httponly").And.Contain("samesite=strict");
        var cookieHeader = cookie.Split(';')[0];

        var me = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/me");
            s.WithRequestHeader("Cookie", cookieHeader);
            s.StatusCodeShouldBeOk();
        });
        (await me.ReadAsJsonAsync<JsonElement>()).GetProperty("organisationCode").GetString().Should().Be("JA0001");

        var signOut = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { }).ToUrl("/api/auth/sign-out");
            s.WithRequestHeader("Cookie", cookieHeader);
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });
        signOut.Context.Response.Headers.SetCookie.ToString().Should().Contain("fleet.auth=;");
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_login_get_the_same_answer()
    {
        var wrong = await Token(DemoCity.Login(FleetApp.Jianghan, Role.Approver), "not-the-password", HttpStatusCode.Unauthorized);
        var unknown = await Token("nobody.here", "not-the-password", HttpStatusCode.Unauthorized);

        (await Code(wrong)).Should().Be("auth.invalid_credentials");
        (await Code(unknown)).Should().Be("auth.invalid_credentials");
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_for_a_while_even_for_the_right_password()
    {
        var login = DemoCity.Login(FleetApp.Jianghan, Role.Driver);
        for (var attempt = 1; attempt < 5; attempt++) await Token(login, $"guess-{attempt}-wrong", HttpStatusCode.Unauthorized);

        var fifth = await Token(login, "guess-5-wrong", HttpStatusCode.TooManyRequests);
        (await Code(fifth)).Should().Be("auth.locked_out");
        fifth.Context.Response.Headers.RetryAfter.ToString().Should().Be("900");

        var right = await Token(login, DemoCity.Password, HttpStatusCode.TooManyRequests);
        (await Code(right)).Should().Be("auth.locked_out");

        app.Clock.Advance(Duration.FromMinutes(15));
        await Token(login, DemoCity.Password, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Missing_credentials_are_a_400_naming_the_fields()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { }).ToUrl("/api/auth/token");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });

        (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("field").GetString()).Should().BeEquivalentTo("loginName", "password");
    }

    [Theory]
    [InlineData("/api/me")]
    [InlineData("/api/organisations")]
    [InlineData("/api/users")]
    [InlineData("/api/pools/420102/fleet")]
    public async Task Everything_but_health_sign_in_and_the_api_reference_needs_a_sign_in(string url)
    {
        await app.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
    }

    [Fact]
    public async Task A_forged_or_expired_token_is_no_sign_in()
    {
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/me");
            s.WithRequestHeader("Authorization", "Bearer CfDJ8-not-a-real-token");
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
    }
}

public class SignInRateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task Sign_ins_from_one_address_are_rate_limited()
    {
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var result = await app.Host.Scenario(s =>
            {
                s.Post.Json(new { loginName = "someone", password = "whatever-it-is" }).ToUrl("/api/auth/token");
                s.IgnoreStatusCode();
            });
            statuses.Add(result.Context.Response.StatusCode);
        }

        statuses.Should().Equal(401, 401, 401, 429);
    }
}

public sealed class RateLimitedApp : FleetApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Authentication:SignInsPerMinute"] = "3",
    };
}

public class DemoModeTests(FleetAppWithoutDemo app) : IClassFixture<FleetAppWithoutDemo>
{
    [Fact]
    public async Task Without_demo_mode_there_are_no_demo_accounts()
    {
        await app.Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = DemoCity.Login(FleetApp.City, Role.FleetAdmin), password = DemoCity.Password }).ToUrl("/api/auth/token");
            s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
        });
    }
}
