using System.Security.Claims;
using Fleet.Domain.People;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.RateLimiting;

namespace Fleet.Server.People.SigningIn;

/// <summary>A login name and password as typed. Signing in is no command on the record, so its form lives here, not in the domain.</summary>
public sealed record SignInForm(string? LoginName, string? Password);

/// <summary>Who is signed in, as the UI and API clients see it.</summary>
public sealed record Me(Guid UserId, string LoginName, string DisplayName, string OrganisationCode, string Pool, IReadOnlyList<Role> Roles);

public static class SignInEndpoints
{
    /// <summary>Signs a person in for the browser: a cookie, HTTP-only and same-site.</summary>
    [WolverinePost("/api/auth/sign-in", OperationId = "SignIn"), Tags("Sign-in"), AllowAnonymous, EnableRateLimiting(SecuritySetup.SignInRateLimit)]
    public static Task<IResult> SignIn(SignInForm form, HttpContext http, PasswordSignIn signIn) =>
        signIn.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, form, http);

    /// <summary>Signs an API client in: the answer holds a bearer token to send as <c>Authorization: Bearer …</c>.</summary>
    [WolverinePost("/api/auth/token", OperationId = "IssueToken"), Tags("Sign-in"), AllowAnonymous, EnableRateLimiting(SecuritySetup.SignInRateLimit)]
    public static Task<IResult> Token(SignInForm form, HttpContext http, PasswordSignIn signIn) =>
        signIn.SignInAsync(BearerTokenDefaults.AuthenticationScheme, form, http);

    /// <summary>Starts a sign-in at the organisation's single sign-on provider; it returns to <paramref name="returnUrl"/>.</summary>
    [WolverineGet("/api/auth/sso", OperationId = "SingleSignOn"), Tags("Sign-in"), AllowAnonymous]
    public static IResult Sso(string? returnUrl, IConfiguration configuration, ProblemText text)
    {
        if (!SingleSignOn.IsConfigured(configuration))
            return TypedResults.Problem(FleetProblems.Create(StatusCodes.Status404NotFound, "auth.sso_not_configured",
                text.Get("auth.sso_not_configured", "Single sign-on is not set up for this server.")));

        // Only a local path: an open redirect would hand the sign-in to anybody's site.
        var target = returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//") ? url : "/";
        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = target }, [SingleSignOn.Scheme]);
    }

    /// <summary>
    /// Ends the sign-in the request carries, on every server: a browser's cookie, or the bearer token sent with it (which
    /// stops working even where a copy of it is kept).
    /// </summary>
    [WolverinePost("/api/auth/sign-out", OperationId = "SignOut"), Tags("Sign-in"), AllowAnonymous]
    public static async Task<IResult> SignOut(HttpContext http, SignInGuard signIns)
    {
        await signIns.SignOutAsync(http.User, http.RequestAborted);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    [WolverineGet("/api/me", OperationId = "GetMe"), Tags("Sign-in")]
    public static Me GetMe(ClaimsPrincipal user)
    {
        var actor = Actor.Of(user);
        return new Me(actor.UserId, actor.LoginName, user.FindFirstValue(ClaimTypes.GivenName) ?? actor.LoginName,
            actor.OrganisationCode, actor.Pool, actor.Roles.Order().ToArray());
    }
}

/// <summary>
/// Signing in with a login name and password, the one way for the API and the sign-in page alike: the attempt is
/// recorded (a run of failures locks the account for a while), and the person gets a cookie or a bearer token.
/// </summary>
public sealed class PasswordSignIn(IDocumentStore store, CredentialStore credentials, SignInDirectory directory, IClock clock, ProblemText text,
    IConfiguration configuration)
{
    /// <summary>Checks the password and signs the person in with <paramref name="scheme"/>: a cookie for a browser, a bearer token for a client.</summary>
    public async Task<IResult> SignInAsync(string scheme, SignInForm request, HttpContext http)
    {
        if (!SingleSignOn.LocalAccountsEnabled(configuration))
            return TypedResults.Problem(FleetProblems.Create(StatusCodes.Status403Forbidden, "auth.local_accounts_disabled",
                text.Get("auth.local_accounts_disabled", "Sign in through your organisation's single sign-on.")));

        var missing = new List<Problem>();
        if (string.IsNullOrWhiteSpace(request.LoginName)) missing.Add(Problem.Required("loginName"));
        if (string.IsNullOrEmpty(request.Password)) missing.Add(Problem.Required("password"));
        if (missing.Count > 0) return FleetProblems.From(missing, text);

        var now = clock.GetCurrentInstant();
        SignInAttempt attempt;
        await using (var session = await directory.SessionForAsync(request.LoginName!, http.RequestAborted))
        {
            attempt = await credentials.SignInAsync(session, request.LoginName!, request.Password!, now, http.RequestAborted);
            // Failed attempts count towards the lockout, so the attempt is saved whatever its outcome.
            await session.SaveChangesAsync(http.RequestAborted);
        }

        switch (attempt.Outcome)
        {
            case SignInOutcome.LockedOut:
                var wait = (attempt.LockedOutUntil!.Value - now).TotalSeconds;
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait)).ToString();
                return TypedResults.Problem(FleetProblems.Create(StatusCodes.Status429TooManyRequests, "auth.locked_out",
                    text.Get("auth.locked_out", "Too many failed sign-ins: this account is locked for {0} more minutes.", (int)Math.Ceiling(wait / 60))));
            case SignInOutcome.WrongCredentials:
                return WrongCredentials(text);
        }

        var account = await AccountAtSignIn.LoadAsync(store, attempt.Credential!.Pool, attempt.Credential.UserId, http.RequestAborted);
        if (account is not { User: { Active: true } user })
            return TypedResults.Problem(FleetProblems.Create(StatusCodes.Status403Forbidden, "auth.account_inactive",
                text.Get("auth.account_inactive", "This account is deactivated; ask your fleet administrator.")));

        var principal = new ClaimsPrincipal(FleetClaims.For(account, scheme));
        if (scheme == BearerTokenDefaults.AuthenticationScheme) return TypedResults.SignIn(principal, authenticationScheme: scheme);

        await http.SignInAsync(scheme, principal);
        return TypedResults.Ok(new Me(user.Id, user.LoginName, user.DisplayName, user.OrganisationCode, user.Pool, user.Roles));
    }

    // One answer for an unknown name and a wrong password: which logins exist is nobody's business.
    private static IResult WrongCredentials(ProblemText text) =>
        TypedResults.Problem(FleetProblems.Create(StatusCodes.Status401Unauthorized, "auth.invalid_credentials",
            text.Get("auth.invalid_credentials", "The login name or the password is wrong.")));
}
