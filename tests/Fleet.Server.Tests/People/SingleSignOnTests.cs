using System.Net;
using Alba;
using Fleet.Samples.DemoHost;
using Fleet.Domain.People;
using Fleet.Server.Infrastructure.Security;
using Fleet.Server.Setup;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.People;

public sealed class SsoApp : FleetApp
{
    public const string Provider = "https://sso.example.gov.cn";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Authentication:Oidc:Authority"] = Provider,
        ["Fleet:Authentication:Oidc:ClientId"] = "fleet",
        ["Fleet:Authentication:Oidc:ClientSecret"] = "not-a-real-secret",
        // A static configuration: the test never contacts the provider.
        ["Fleet:Authentication:Oidc:AuthorizationEndpoint"] = $"{Provider}/authorize",
        ["Fleet:Authentication:Oidc:TokenEndpoint"] = $"{Provider}/token",
        ["Fleet:Authentication:LocalAccounts"] = "false",
    };
}

public class SingleSignOnTests(SsoApp app) : IClassFixture<SsoApp>
{
    [Fact]
    public async Task Sign_in_starts_at_the_organisations_provider_with_pkce()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/auth/sso?returnUrl=/dashboard");
            s.StatusCodeShouldBe(HttpStatusCode.Redirect);
        });

        var location = new Uri(result.Context.Response.Headers.Location.ToString());
        location.GetLeftPart(UriPartial.Path).Should().Be($"{SsoApp.Provider}/authorize");
        location.Query.Should().Contain("client_id=fleet").And.Contain("code_challenge=").And.Contain("response_type=code")
            .And.Contain(Uri.EscapeDataString("/api/auth/sso/callback"));
    }

    [Fact]
    public async Task With_local_accounts_switched_off_passwords_are_not_accepted()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = DemoCity.Login(FleetApp.Jiangan, Role.Clerk), password = DemoCity.Password }).ToUrl("/api/auth/token");
            s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
        });

        (await result.ReadAsJsonAsync<System.Text.Json.JsonElement>()).Code().Should().Be("auth.local_accounts_disabled");
    }

    [Fact]
    public async Task A_person_vouched_for_by_the_provider_becomes_their_active_fleet_account()
    {
        var user = (await SingleSignOn.FindActiveUserAsync(app.Store, app.Host.Services.GetRequiredService<SignInDirectory>(), "JIANGAN.clerk", CancellationToken.None))!.User;
        user.Pool.Should().Be(FleetApp.JianganPool);
        user.Roles.Should().Equal(Role.Clerk);

        (await SingleSignOn.FindActiveUserAsync(app.Store, app.Host.Services.GetRequiredService<SignInDirectory>(), "somebody.else", CancellationToken.None)).Should().BeNull();
    }
}

public class SingleSignOnOffTests(FleetApp app) : IClassFixture<FleetApp>
{
    [Fact]
    public async Task Without_a_provider_single_sign_on_is_not_offered()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/auth/sso");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });

        (await result.ReadAsJsonAsync<System.Text.Json.JsonElement>()).Code().Should().Be("auth.sso_not_configured");
    }
}
