using System.Security.Claims;
using Fleet.Domain.People;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Fleet.Server.Infrastructure.Security;

/// <summary>
/// The organisation's single sign-on: an OpenID Connect provider vouches for who a person is, and Fleet maps
/// them onto their Fleet account by login name, which still decides pool and roles. Configured under
/// <c>Fleet:Authentication:Oidc</c>; with <c>Fleet:Authentication:LocalAccounts</c> false, passwords kept by
/// Fleet are no longer accepted at all.
/// </summary>
public static class SingleSignOn
{
    public const string Scheme = "oidc";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Fleet:Authentication:Oidc:Authority"]);

    public static bool LocalAccountsEnabled(IConfiguration configuration) =>
        configuration.GetValue("Fleet:Authentication:LocalAccounts", true);

    public static void Add(Microsoft.AspNetCore.Authentication.AuthenticationBuilder authentication, IConfiguration configuration)
    {
        if (!IsConfigured(configuration)) return;
        var section = configuration.GetSection("Fleet:Authentication:Oidc");
        var loginClaim = section["LoginClaim"] is { Length: > 0 } claim ? claim : "preferred_username";

        authentication.AddOpenIdConnect(Scheme, options =>
        {
            options.Authority = section["Authority"];
            options.ClientId = section["ClientId"];
            options.ClientSecret = section["ClientSecret"];
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            options.CallbackPath = "/api/auth/sso/callback";
            options.MapInboundClaims = false;
            // Providers without a discovery document name their endpoints directly.
            if (section["AuthorizationEndpoint"] is { Length: > 0 } authorize)
            {
                options.Configuration = new OpenIdConnectConfiguration
                {
                    Issuer = section["Authority"],
                    AuthorizationEndpoint = authorize,
                    TokenEndpoint = section["TokenEndpoint"],
                };
            }

            options.Events.OnTokenValidated = async context =>
            {
                var login = context.Principal?.FindFirstValue(loginClaim);
                var store = context.HttpContext.RequestServices.GetRequiredService<IDocumentStore>();
                var account = login is null ? null : await FindActiveUserAsync(store, context.HttpContext.RequestServices.GetRequiredService<SignInDirectory>(), login,
                    context.HttpContext.RequestAborted);
                if (account is null)
                {
                    context.Fail($"No active Fleet account for '{login}'.");
                    return;
                }

                context.Principal = new ClaimsPrincipal(FleetClaims.For(account, CookieAuthenticationDefaults.AuthenticationScheme));
            };
        });
    }

    /// <summary>The active Fleet account with this login name, wherever its pool is.</summary>
    public static async Task<AccountAtSignIn?> FindActiveUserAsync(IDocumentStore store, SignInDirectory directory, string loginName,
        CancellationToken cancellation)
    {
        await using var session = await directory.SessionForAsync(loginName, cancellation);
        var credential = await session.LoadAsync<UserCredential>(CredentialStore.Normalize(loginName), cancellation);
        if (credential is null) return null;

        return await AccountAtSignIn.LoadAsync(store, credential.Pool, credential.UserId, cancellation) is { User.Active: true } account
            ? account
            : null;
    }
}
