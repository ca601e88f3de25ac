using System.Globalization;
using System.Security.Claims;
using Fleet.Domain.People;

namespace Fleet.Server.Infrastructure.Security;

/// <summary>An account as a sign-in reads it, with the version of its event stream at that moment: the sign-in's stamp.</summary>
public sealed record AccountAtSignIn(User User, long Stamp)
{
    /// <summary>
    /// The stream's version is read before the account, in one round trip: a change committed in between leaves the
    /// sign-in with claims newer than its stamp, which the next request refuses — never with an old account under a new stamp.
    /// </summary>
    public static async Task<AccountAtSignIn?> LoadAsync(IDocumentStore store, string pool, Guid userId, CancellationToken cancellation)
    {
        await using var session = store.QuerySession(pool);
        var batch = session.CreateBatchQuery();
        var stream = batch.Events.FetchStreamState(userId);
        var user = batch.Load<User>(userId);
        await batch.Execute(cancellation);
        return await stream is { } state && await user is { } found ? new AccountAtSignIn(found, state.Version) : null;
    }
}

/// <summary>What a sign-in says about itself that every request checks: whose account, at which version, and which sign-in it is.</summary>
public sealed record SignInTicket(Guid UserId, string Pool, long Stamp, Guid SignInId)
{
    /// <summary>A sign-in issued without a stamp or an id (before they existed, or by another system) is no Fleet sign-in.</summary>
    /// <remarks>
    /// Runs on every request: one pass over the claims, matched exactly as Fleet wrote them, costs a fraction of
    /// looking each one up case-insensitively among claim types that share a long common prefix.
    /// </remarks>
    public static SignInTicket? From(ClaimsPrincipal principal)
    {
        string? user = null, pool = null, stamp = null, signIn = null;
        foreach (var claim in principal.Claims)
        {
            switch (claim.Type)
            {
                case ClaimTypes.NameIdentifier: user ??= claim.Value; break;
                case FleetClaims.Pool: pool ??= claim.Value; break;
                case FleetClaims.Stamp: stamp ??= claim.Value; break;
                case FleetClaims.SignIn: signIn ??= claim.Value; break;
            }
        }

        return Guid.TryParse(user, out var userId) && pool is { Length: > 0 }
               && long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
               && Guid.TryParse(signIn, out var signInId)
            ? new SignInTicket(userId, pool, version, signInId)
            : null;
    }

    /// <summary>
    /// Every change to the account — roles, organisation, deactivation, reactivation — is an event on its stream, so a
    /// sign-in is honoured only while the stream is still at the version it was issued for, and not signed out.
    /// </summary>
    public bool IsHonoured(SignInState state) => !state.SignedOut && state.AccountVersion == Stamp;
}

/// <summary>What the database says of a sign-in: the account stream's version (0 when there is none) and whether it was signed out.</summary>
public readonly record struct SignInState(long AccountVersion, bool SignedOut);

/// <summary>
/// A sign-in that was signed out, kept until anything issued under it has expired anyway. Only signed-out sign-ins
/// are written: signing in stays a read.
/// </summary>
public sealed class RevokedSignIn
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Instant RevokedAt { get; set; }
    public Instant KeptUntil { get; set; }
}

/// <summary>
/// Checks on every request that the sign-in it carries is still honoured, and ends sign-ins. The answer is kept for a
/// few seconds per node (<c>Fleet:Authentication:SignInCheckSeconds</c>), so a busy client costs one small query per
/// period, not one per request; a change made on this node is seen by the very next request, one made on another node
/// within that period.
/// </summary>
public sealed class SignInGuard(IDocumentStore store, SignInCache cache, IClock clock, IConfiguration configuration)
{
    /// <summary>Set on a request whose sign-in was refused, so that its 401 says why.</summary>
    public const string RefusedItem = "fleet:sign_in_refused";

    // Long enough to outlive the longest-lived cookie or token issued before the sign-out.
    private readonly Duration _keepRevocation = Duration.Max(
        Duration.FromHours(configuration.GetValue("Fleet:Authentication:CookieHours", 10)),
        Duration.FromMinutes(configuration.GetValue("Fleet:Authentication:TokenMinutes", 60)));

    public async ValueTask<bool> IsHonouredAsync(ClaimsPrincipal principal, CancellationToken cancellation)
    {
        if (SignInTicket.From(principal) is not { } ticket) return false;
        if (cache.TryGet(ticket, out var known)) return ticket.IsHonoured(known);

        var generation = cache.Generation;
        await using var session = store.QuerySession(ticket.Pool);
        var batch = session.CreateBatchQuery();
        var stream = batch.Events.FetchStreamState(ticket.UserId);
        var revoked = batch.Load<RevokedSignIn>(ticket.SignInId);
        await batch.Execute(cancellation);

        var state = new SignInState((await stream)?.Version ?? 0, await revoked is not null);
        cache.Keep(ticket, state, generation);
        return ticket.IsHonoured(state);
    }

    /// <summary>Ends the sign-in <paramref name="principal"/> carries, cookie or bearer token, on every node.</summary>
    public async Task SignOutAsync(ClaimsPrincipal principal, CancellationToken cancellation)
    {
        if (SignInTicket.From(principal) is not { } ticket) return;
        var now = clock.GetCurrentInstant();
        await using (var session = store.LightweightSession(ticket.Pool))
        {
            session.Store(new RevokedSignIn { Id = ticket.SignInId, UserId = ticket.UserId, RevokedAt = now, KeptUntil = now + _keepRevocation });
            session.DeleteWhere<RevokedSignIn>(r => r.KeptUntil < now);
            await session.SaveChangesAsync(cancellation);
        }

        cache.ForgetSignIn(ticket.SignInId);
    }
}
