using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alba;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.People;

/// <summary>
/// Taking someone's access away takes effect at their next request, for a browser's cookie and an API client's bearer
/// token alike: deactivation, a change of roles or unit, and signing out. Two servers share one database here, to show
/// that the other server follows within its few seconds of caching.
/// </summary>
public sealed partial class SignInRevocationTests(TwoServerFleet app) : IClassFixture<TwoServerFleet>
{
    private const string Password = "correct-horse-battery";
    private const string Unit = "JA0001";

    /// <summary>How a request proves who sends it: <c>Authorization</c> for a token, <c>Cookie</c> for a browser.</summary>
    private sealed record Credential(string Header, string Value)
    {
        public void On(Scenario s) => s.WithRequestHeader(Header, Value);
    }

    private async Task<Guid> Register(string organisation, params string[] roles)
    {
        var login = $"p{Guid.NewGuid():N}"[..20];
        var created = await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/users",
            new { loginName = login, displayName = "测试用户", organisationCode = organisation, roles, password = Password }, HttpStatusCode.Created);
        var id = created.GetProperty("userId").GetGuid();
        _logins[id] = login;
        return id;
    }

    private readonly Dictionary<Guid, string> _logins = [];

    private async Task<Credential> Token(Guid user)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = _logins[user], password = Password }).ToUrl("/api/auth/token");
            s.StatusCodeShouldBeOk();
        });
        return new Credential("Authorization", $"Bearer {(await result.ReadAsJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()}");
    }

    private async Task<Credential> Cookie(Guid user)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = _logins[user], password = Password }).ToUrl("/api/auth/sign-in");
            s.StatusCodeShouldBeOk();
        });
        return new Credential("Cookie", result.Context.Response.Headers.SetCookie.ToString().Split(';')[0]);
    }

    private Task<IScenarioResult> Me(Credential credential, HttpStatusCode expected, IAlbaHost? host = null) =>
        (host ?? app.Host).Scenario(s =>
        {
            s.Get.Url("/api/me");
            credential.On(s);
            s.StatusCodeShouldBe(expected);
        });

    private async Task Refused(Credential credential, IAlbaHost? host = null)
    {
        var refused = await Me(credential, HttpStatusCode.Unauthorized, host);
        (await refused.ReadAsJsonAsync<JsonElement>()).Code().Should().Be("auth.session_revoked");
    }

    private Task<IScenarioResult> RequestTrip(Credential credential, HttpStatusCode expected) =>
        app.Host.Scenario(s =>
        {
            s.Post.Json(new TripBuilder().Between("2026-11-20T01:00:00Z", "2026-11-20T03:00:00Z").Body).ToUrl("/api/trips");
            credential.On(s);
            s.StatusCodeShouldBe(expected);
        });

    private Task Admin(string url, object body) => app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, url, body);

    [Fact]
    public async Task An_unchanged_account_keeps_working_also_after_the_check_is_read_afresh()
    {
        var person = await Register(Unit, "Clerk");
        var token = await Token(person);
        var cookie = await Cookie(person);
        var colleague = await Register(Unit, "Clerk");

        await RequestTrip(token, HttpStatusCode.Created);
        await Me(cookie, HttpStatusCode.OK);

        // Somebody else's change, and the period after which every server reads the account again.
        await Admin($"/api/users/{colleague}/roles", new { roles = new[] { "Approver" } });
        app.Clock.Advance(Duration.FromSeconds(6));

        await RequestTrip(token, HttpStatusCode.Created);
        await Me(cookie, HttpStatusCode.OK);
        await Me(token, HttpStatusCode.OK, app.Other);
    }

    [Fact]
    public async Task Deactivation_ends_a_token_and_a_cookie_at_the_next_request()
    {
        var person = await Register(Unit, "Clerk");
        var token = await Token(person);
        var cookie = await Cookie(person);
        await Me(token, HttpStatusCode.OK);
        await Me(cookie, HttpStatusCode.OK);

        await Admin($"/api/users/{person}/deactivate", new { reason = "调离" });

        await Refused(token);
        await Refused(cookie);
        await RequestTrip(token, HttpStatusCode.Unauthorized);

        // A page sends the browser to sign in, and the ended cookie is removed.
        var page = await app.Host.Scenario(s =>
        {
            s.Get.Url("/");
            cookie.On(s);
            s.StatusCodeShouldBe(HttpStatusCode.Redirect);
        });
        var signIn = new Uri(page.Context.Response.Headers.Location.ToString());
        signIn.AbsolutePath.Should().Be("/sign-in");
        page.Context.Response.Headers.SetCookie.ToString().Should().Contain("fleet.auth=;");

        var told = await app.Host.Scenario(s =>
        {
            s.Get.Url(signIn.PathAndQuery);
            s.WithRequestHeader("Accept-Language", "en");
        });
        (await told.ReadAsTextAsync()).Should().Contain("Your account was changed or deactivated, or you signed out: sign in again.");
    }

    [Fact]
    public async Task Removing_a_role_ends_the_sign_in_and_the_old_role_is_not_honoured()
    {
        var person = await Register(Unit, "Clerk", "Approver");
        var token = await Token(person);
        var cookie = await Cookie(person);
        await RequestTrip(token, HttpStatusCode.Created);

        await Admin($"/api/users/{person}/roles", new { roles = new[] { "Approver" } });

        var refused = await RequestTrip(token, HttpStatusCode.Unauthorized);
        (await refused.ReadAsJsonAsync<JsonElement>()).Code().Should().Be("auth.session_revoked");
        await RequestTrip(cookie, HttpStatusCode.Unauthorized);

        // Signed in afresh, the person holds the roles they have now.
        await RequestTrip(await Token(person), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_move_to_another_unit_ends_the_sign_in()
    {
        var code = $"JA{Random.Shared.Next(5000, 9999)}";
        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/organisations/units",
            new { code, name = $"江岸区测试单位{code}", parentCode = FleetApp.JianganPool }, HttpStatusCode.Created);
        var person = await Register(Unit, "Clerk");
        var token = await Token(person);
        var cookie = await Cookie(person);
        await Me(token, HttpStatusCode.OK);

        await Admin($"/api/users/{person}/move", new { organisationCode = code });

        await Refused(token);
        await Refused(cookie);
        var me = await Me(await Token(person), HttpStatusCode.OK);
        (await me.ReadAsJsonAsync<JsonElement>()).GetProperty("organisationCode").GetString().Should().Be(code);
    }

    [Fact]
    public async Task Signing_out_ends_that_token_or_cookie_even_where_a_copy_is_kept()
    {
        var person = await Register(Unit, "Clerk");
        var token = await Token(person);
        var otherToken = await Token(person);
        var cookie = await Cookie(person);

        foreach (var signedIn in new[] { token, cookie })
        {
            await app.Host.Scenario(s =>
            {
                s.Post.Json(new { }).ToUrl("/api/auth/sign-out");
                signedIn.On(s);
                s.StatusCodeShouldBe(HttpStatusCode.NoContent);
            });
            await Refused(signedIn);
            await Refused(signedIn, app.Other);
        }

        // Only the sign-in that signed out has ended.
        await RequestTrip(otherToken, HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_sign_out_page_ends_the_browsers_sign_in()
    {
        var person = await Register(Unit, "Clerk");
        var cookie = await Cookie(person);
        var home = await app.Host.Scenario(s =>
        {
            s.Get.Url("/");
            cookie.On(s);
            s.StatusCodeShouldBeOk();
        });
        var form = AntiforgeryField().Match(await home.ReadAsTextAsync()).Groups["token"].Value;
        var antiforgery = home.Context.Response.Headers.SetCookie.ToString().Split(';')[0];
        form.Should().NotBeEmpty();
        antiforgery.Should().StartWith("fleet.antiforgery=");

        var signOut = await app.Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["__RequestVerificationToken"] = form }).ToUrl("/sign-out");
            s.WithRequestHeader("Cookie", $"{cookie.Value}; {antiforgery}");
            s.StatusCodeShouldBe(HttpStatusCode.Redirect);
        });
        signOut.Context.Response.Headers.Location.ToString().Should().Be("/sign-in");

        await Refused(cookie);
    }

    [Fact]
    public async Task A_reactivated_account_signs_in_afresh()
    {
        var person = await Register(Unit, "Clerk");
        var token = await Token(person);
        var cookie = await Cookie(person);

        await Admin($"/api/users/{person}/deactivate", new { reason = "停职" });
        await Admin($"/api/users/{person}/reactivate", new { });

        await Refused(token);
        await Refused(cookie);
        await RequestTrip(await Token(person), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Another_server_ends_the_sign_in_once_its_few_seconds_have_passed()
    {
        var person = await Register(Unit, "Clerk");
        var token = await Token(person);
        await Me(token, HttpStatusCode.OK, app.Other);

        await Admin($"/api/users/{person}/deactivate", new { reason = "调离" });

        // The server that made the change knows at once; the other answers from what it read a moment ago.
        await Refused(token);
        await Me(token, HttpStatusCode.OK, app.Other);
        app.Clock.Advance(Duration.FromSeconds(5));
        await Refused(token, app.Other);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
