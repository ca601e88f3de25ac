using System.Security.Claims;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;

namespace Fleet.Server.Infrastructure.Security;

/// <summary>The claims Fleet puts into a sign-in, beyond the standard name, id and roles.</summary>
public static class FleetClaims
{
    /// <summary>The pool whose data the person works in: the Marten tenant of every request they make.</summary>
    public const string Pool = "fleet:pool";

    public const string Organisation = "fleet:organisation";
    public const string OrganisationKind = "fleet:organisation_kind";

    /// <summary>The version of the person's account stream when they signed in: any later change to the account ends the sign-in.</summary>
    public const string Stamp = "fleet:stamp";

    /// <summary>Names this one sign-in, so that signing out can end it alone.</summary>
    public const string SignIn = "fleet:sign_in";

    public static ClaimsIdentity For(AccountAtSignIn account, string authenticationType)
    {
        var user = account.User;
        var identity = new ClaimsIdentity(authenticationType, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()));
        identity.AddClaim(new Claim(ClaimTypes.Name, user.LoginName));
        identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        identity.AddClaim(new Claim(Pool, user.Pool));
        identity.AddClaim(new Claim(Organisation, user.OrganisationCode));
        identity.AddClaim(new Claim(OrganisationKind, user.OrganisationKind.ToString()));
        foreach (var role in user.Roles) identity.AddClaim(new Claim(ClaimTypes.Role, role.ToString()));
        identity.AddClaim(new Claim(Stamp, account.Stamp.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(SignIn, Guid.CreateVersion7().ToString()));
        return identity;
    }
}

/// <summary>
/// The signed-in person a command acts for. Every endpoint takes its actor from here — never from the
/// request body — and decides scope from it.
/// </summary>
public sealed record Actor(Guid UserId, string LoginName, string Pool, string OrganisationCode, OrganisationKind OrganisationKind,
    IReadOnlySet<Role> Roles)
{
    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>
    /// The pool always comes from the sign-in. A form that names one anyway is refused unless it names the
    /// actor's own, rather than silently redirected.
    /// </summary>
    public Problem? RefusesPool(string? named) =>
        named is { } pool && pool.Trim() != Pool
            ? Problem.Forbidden("auth.out_of_scope", "You manage pool {0} only; pool {1} is managed by its own administrators.", Pool, pool.Trim())
            : null;

    /// <summary>A supervisor who belongs to the city sees every district; everybody else only their own pool.</summary>
    public bool SeesWholeCity => Has(Role.Supervisor) && OrganisationKind == OrganisationKind.City;

    /// <summary>
    /// A supervisor of the province above the cities (ADR 025): sees every city's figures, compliance and audit verification
    /// side by side, and no city's records — their own pool holds nothing but their accounts.
    /// </summary>
    public bool SeesWholeProvince => Has(Role.Supervisor) && OrganisationKind == OrganisationKind.Province;

    /// <summary>
    /// Whether the actor may look into <paramref name="pool"/>: their own, or as a supervisor of the city any of its pools —
    /// of their city only, in a province of several (ADR 025).
    /// </summary>
    public bool Sees(string pool, Database.CityMap cities) => pool == Pool || (SeesWholeCity && cities.SameCity(Pool, pool));

    /// <summary>The actor of an authenticated request; a sign-in without Fleet's claims is treated as no sign-in.</summary>
    public static Actor Of(ClaimsPrincipal principal) => From(principal) ?? throw new MissingActorException();

    public static Actor? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return null;
        if (principal.FindFirstValue(FleetClaims.Pool) is not { } pool) return null;
        if (!Enum.TryParse<OrganisationKind>(principal.FindFirstValue(FleetClaims.OrganisationKind), out var kind)) return null;

        var roles = principal.FindAll(ClaimTypes.Role)
            .Select(c => Enum.TryParse<Role>(c.Value, out var role) ? role : (Role?)null)
            .OfType<Role>()
            .ToHashSet();
        return new Actor(userId, principal.Identity.Name ?? "", pool, principal.FindFirstValue(FleetClaims.Organisation) ?? "", kind, roles);
    }

    /// <summary>The signed-in person's name as people call them; the login name only where an account has no name.</summary>
    public static string NameOf(ClaimsPrincipal principal) =>
        principal.FindFirstValue(ClaimTypes.GivenName) is { Length: > 0 } name ? name : principal.Identity?.Name ?? "";
}

/// <summary>The request is signed in, but not by a Fleet account (for example a token issued for another system).</summary>
public sealed class MissingActorException() : Exception("The request carries no Fleet sign-in.");
