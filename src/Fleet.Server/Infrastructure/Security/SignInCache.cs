using System.Collections.Concurrent;
using Marten.Services;

namespace Fleet.Server.Infrastructure.Security;

/// <summary>
/// What this node last read about accounts and sign-ins, for a few seconds. Timed by the injected clock, so that the
/// period can be tested; emptied of an account the moment a change to it commits on this node.
/// </summary>
public sealed class SignInCache(IClock clock, IConfiguration configuration)
{
    private readonly Duration _lifetime = Duration.FromSeconds(configuration.GetValue("Fleet:Authentication:SignInCheckSeconds", 5));
    private readonly ConcurrentDictionary<Guid, Kept<long>> _accountVersions = new();
    private readonly ConcurrentDictionary<Guid, Kept<bool>> _signedOut = new();
    private long _generation;
    private long _lastSweep;

    private readonly record struct Kept<T>(T Value, Instant ReadAt);

    /// <summary>
    /// Changes with every change forgotten: an answer read while an account changed may be older than the change, and
    /// is not kept.
    /// </summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(SignInTicket ticket, out SignInState state)
    {
        var now = clock.GetCurrentInstant();
        if (_accountVersions.TryGetValue(ticket.UserId, out var version) && IsFresh(version.ReadAt, now)
            && _signedOut.TryGetValue(ticket.SignInId, out var signedOut) && IsFresh(signedOut.ReadAt, now))
        {
            state = new SignInState(version.Value, signedOut.Value);
            return true;
        }

        state = default;
        return false;
    }

    public void Keep(SignInTicket ticket, SignInState state, long readAtGeneration)
    {
        if (readAtGeneration != Generation) return;
        var now = clock.GetCurrentInstant();
        _accountVersions[ticket.UserId] = new Kept<long>(state.AccountVersion, now);
        _signedOut[ticket.SignInId] = new Kept<bool>(state.SignedOut, now);
        // Answers are read again after a few seconds anyway; the stale ones of people gone quiet are swept once a period.
        if (!IsFresh(Instant.FromUnixTimeTicks(Interlocked.Read(ref _lastSweep)), now))
        {
            Interlocked.Exchange(ref _lastSweep, now.ToUnixTimeTicks());
            Sweep(_accountVersions, now);
            Sweep(_signedOut, now);
        }
    }

    public void ForgetAccount(Guid userId)
    {
        Interlocked.Increment(ref _generation);
        _accountVersions.TryRemove(userId, out _);
    }

    public void ForgetSignIn(Guid signInId)
    {
        Interlocked.Increment(ref _generation);
        _signedOut.TryRemove(signInId, out _);
    }

    // A clock set back (by time synchronisation, or a test) must not make an old answer look fresh for longer.
    private bool IsFresh(Instant readAt, Instant now) => readAt <= now && now - readAt < _lifetime;

    private void Sweep<T>(ConcurrentDictionary<Guid, Kept<T>> kept, Instant now)
    {
        foreach (var (key, entry) in kept)
            if (!IsFresh(entry.ReadAt, now)) kept.TryRemove(key, out _);
    }
}

/// <summary>
/// Forgets what this node knows of an account as soon as an event on it commits — whichever endpoint, page or command
/// wrote it — so that the person's next request here reads the account afresh.
/// </summary>
public sealed class AccountChangeListener(SignInCache cache) : DocumentSessionListenerBase
{
    // Every event of the people's domain is an event of a person's account stream.
    private static readonly string? AccountEvents = typeof(Fleet.Domain.People.User).Namespace;

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var e in commit.GetEvents())
            if (e.EventType.Namespace == AccountEvents) cache.ForgetAccount(e.StreamId);
        return Task.CompletedTask;
    }
}
