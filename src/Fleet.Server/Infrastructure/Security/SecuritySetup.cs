using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.RateLimiting;

namespace Fleet.Server.Infrastructure.Security;

public static class SecuritySetup
{
    /// <summary>Picks the cookie for browsers and the bearer token for API clients, by what the request carries.</summary>
    public const string Scheme = "Fleet";

    public const string SignInRateLimit = "sign-in";

    /// <summary>Requests and imports that each create trips: a person books a few a minute; a script books thousands.</summary>
    public const string BookingRateLimit = "bookings";

    public static IServiceCollection AddFleetSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var cookieLifetime = configuration.GetValue("Fleet:Authentication:CookieHours", 10);
        var tokenLifetime = configuration.GetValue("Fleet:Authentication:TokenMinutes", 60);

        var authentication = services.AddAuthentication(Scheme);
        authentication
            .AddPolicyScheme(Scheme, "Cookie or bearer token", options =>
                options.ForwardDefaultSelector = http =>
                    http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? BearerTokenDefaults.AuthenticationScheme
                        : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "fleet.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(cookieLifetime);
                options.SlidingExpiration = true;
                // An API caller gets a status code and a problem body, never a redirect; a page sends the browser to sign in.
                options.LoginPath = "/sign-in";
                options.Events.OnRedirectToLogin = context =>
                {
                    if (!Http.FleetRequests.IsPage(context.Request)) return Status(context.HttpContext, StatusCodes.Status401Unauthorized);
                    context.Response.Redirect(context.HttpContext.Items.ContainsKey(SignInGuard.RefusedItem)
                        ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(context.RedirectUri, "ended", "true")
                        : context.RedirectUri);
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToAccessDenied = context => Status(context.HttpContext, StatusCodes.Status403Forbidden);
                options.Events.OnValidatePrincipal = async context =>
                {
                    if (context.Principal is { } principal && await IsHonouredAsync(context.HttpContext, principal)) return;
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                };
            })
            .AddBearerToken(options =>
            {
                options.BearerTokenExpiration = TimeSpan.FromMinutes(tokenLifetime);
                // The handler has no event after it reads a token, so the token is read here first; one that cannot be
                // read or has expired is left to the handler, which refuses it the usual way.
                options.Events.OnMessageReceived = async context =>
                {
                    var header = context.Request.Headers.Authorization.ToString();
                    if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return;
                    var ticket = context.Options.BearerTokenProtector.Unprotect(header["Bearer ".Length..].Trim());
                    if (ticket?.Properties.ExpiresUtc is not { } expires || context.Options.TimeProvider!.GetUtcNow() >= expires) return;
                    if (await IsHonouredAsync(context.HttpContext, ticket.Principal))
                    {
                        context.Principal = ticket.Principal;
                        context.Properties = ticket.Properties;
                        context.Success();
                    }
                    else
                    {
                        context.Fail("The sign-in has ended.");
                    }
                };
            });
        SingleSignOn.Add(authentication, configuration);

        // Anything not marked otherwise needs a signed-in user: a forgotten attribute fails closed.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build())
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build());

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Every window is a minute: a client told when to come back need not guess.
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? ((int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : "60";
                return ValueTask.CompletedTask;
            };
            // Per client address: guessing passwords from one machine is slowed down without locking out a whole office.
            options.AddPolicy(SignInRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = configuration.GetValue("Fleet:Authentication:SignInsPerMinute", 20),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            // Per signed-in person: one clerk's script cannot fill the pool's dispatch board for everybody else.
            options.AddPolicy(BookingRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = configuration.GetValue("Fleet:RateLimits:BookingsPerMinute", 60),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });

        services.AddSingleton<CredentialStore>();
        services.AddSingleton<SignInDirectory>();
        services.AddSingleton<SignInCache>();
        services.AddSingleton<SignInGuard>();
        DatabaseKeyRing.AddDatabaseKeyRing(services);
        return services;
    }

    private static async Task<bool> IsHonouredAsync(HttpContext http, System.Security.Claims.ClaimsPrincipal principal)
    {
        if (await http.RequestServices.GetRequiredService<SignInGuard>().IsHonouredAsync(principal, http.RequestAborted)) return true;
        http.Items[SignInGuard.RefusedItem] = true;
        return false;
    }

    private static Task Status(HttpContext http, int status)
    {
        http.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
