using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Infrastructure.Security;

/// <summary>
/// A local account's secret and its sign-in counters. Kept as a plain document outside the event streams on
/// purpose: a password hash is not history, and must be replaceable and erasable. One per login name across
/// the whole city, because sign-in happens before anybody's pool is known.
/// </summary>
public sealed class UserCredential
{
    /// <summary>The login name, lower-case.</summary>
    public string Id { get; set; } = "";

    public Guid UserId { get; set; }
    public string Pool { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public int FailedAttempts { get; set; }
    public Instant? LockedOutUntil { get; set; }
}

public enum SignInOutcome
{
    Succeeded,
    WrongCredentials,
    LockedOut,
}

public sealed record SignInAttempt(SignInOutcome Outcome, UserCredential? Credential, Instant? LockedOutUntil = null);

public sealed class CredentialStore
{
    private readonly PasswordHasher<UserCredential> _hasher;

    // Verifying against this when the login is unknown takes as long as a real check: timing tells nothing.
    private readonly string _decoyHash;

    private readonly int _maxFailures;
    private readonly Duration _lockout;

    public CredentialStore(IConfiguration configuration)
    {
        _maxFailures = configuration.GetValue("Fleet:Authentication:MaxFailedSignIns", 5);
        _lockout = Duration.FromMinutes(configuration.GetValue("Fleet:Authentication:LockoutMinutes", 15));
        // PBKDF2 rounds: the Identity default protects stored hashes; throw-away test data may use fewer.
        _hasher = new PasswordHasher<UserCredential>(Options.Create(new PasswordHasherOptions
        {
            IterationCount = configuration.GetValue("Fleet:Authentication:PasswordHashIterations", 100_000),
        }));
        _decoyHash = _hasher.HashPassword(new UserCredential(), Guid.NewGuid().ToString());
    }

    public static string Normalize(string loginName) => loginName.Trim().ToLowerInvariant();

    public void Create(IDocumentSession session, string loginName, Guid userId, string pool, string password)
    {
        var credential = new UserCredential { Id = Normalize(loginName), UserId = userId, Pool = pool };
        credential.PasswordHash = _hasher.HashPassword(credential, password);
        session.Insert(credential);
    }

    /// <summary>A sign-in whose password was hashed once with <see cref="Hash"/> for many accounts.</summary>
    public static void CreateHashed(IDocumentSession session, string loginName, Guid userId, string pool, string passwordHash) =>
        session.Insert(new UserCredential { Id = Normalize(loginName), UserId = userId, Pool = pool, PasswordHash = passwordHash });

    /// <summary>A hash of <paramref name="password"/> for accounts that share a published password (the demo accounts).</summary>
    public string Hash(string password) => _hasher.HashPassword(new UserCredential(), password);

    /// <summary>
    /// Checks a password and keeps count of failures: after too many in a row the account is locked for a while,
    /// even for the right password, so that guessing cannot go on at full speed.
    /// </summary>
    public async Task<SignInAttempt> SignInAsync(IDocumentSession session, string loginName, string password, Instant now,
        CancellationToken cancellation)
    {
        var credential = await session.LoadAsync<UserCredential>(Normalize(loginName), cancellation);
        if (credential is null)
        {
            _hasher.VerifyHashedPassword(new UserCredential(), _decoyHash, password);
            return new SignInAttempt(SignInOutcome.WrongCredentials, null);
        }

        if (credential.LockedOutUntil is { } until && until > now) return new SignInAttempt(SignInOutcome.LockedOut, credential, until);

        var result = _hasher.VerifyHashedPassword(credential, credential.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            credential.FailedAttempts++;
            if (credential.FailedAttempts >= _maxFailures)
            {
                credential.LockedOutUntil = now + _lockout;
                credential.FailedAttempts = 0;
            }

            session.Store(credential);
            return credential.LockedOutUntil is { } locked && locked > now
                ? new SignInAttempt(SignInOutcome.LockedOut, credential, locked)
                : new SignInAttempt(SignInOutcome.WrongCredentials, credential);
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded) credential.PasswordHash = _hasher.HashPassword(credential, password);
        credential.FailedAttempts = 0;
        credential.LockedOutUntil = null;
        session.Store(credential);
        return new SignInAttempt(SignInOutcome.Succeeded, credential);
    }
}
