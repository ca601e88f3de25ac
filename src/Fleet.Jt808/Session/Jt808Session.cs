using Fleet.Jt808.Framing;
using Fleet.Jt808.Messages;
using NodaTime;

namespace Fleet.Jt808.Session;

/// <summary>
/// What one connection knows of its terminal: which phone number authenticated on it (none yet), and how often a
/// code was refused on it.
/// </summary>
public sealed record SessionState(string? AuthenticatedPhone, int RefusedAuthentications)
{
    public static readonly SessionState Initial = new(null, 0);

    public bool Authenticated => AuthenticatedPhone is not null;
}

/// <summary>What the connection does with one message.</summary>
public abstract record SessionStep
{
    /// <summary>Answer 0x8001 with this result and do nothing else.</summary>
    public sealed record Answer(ReplyResult Result, string? Why = null) : SessionStep;

    /// <summary>Ask the directory, answer 0x8100.</summary>
    public sealed record Register(TerminalRegistration Registration) : SessionStep;

    /// <summary>Ask the directory, then <see cref="Jt808Session.Authenticated"/>.</summary>
    public sealed record Authenticate(string Code) : SessionStep;

    /// <summary>Give these positions to the sink; answer ok once it has them. <see cref="Dropped"/> were implausible and are not passed on.</summary>
    public sealed record Store(IReadOnlyList<Jt808Position> Positions, int Dropped) : SessionStep;

    /// <summary>The terminal deregisters: answer ok and forget its authentication.</summary>
    public sealed record Logout : SessionStep;

    /// <summary>Nothing to answer (a terminal's own reply).</summary>
    public sealed record Ignore : SessionStep;
}

/// <summary>
/// The rules of a session, pure: before authentication only registering, authenticating and heartbeats are
/// accepted; everything else is answered "failure" and never passed on. After it, reports of the authenticated phone
/// number are stored, other phone numbers on the same connection are refused, and a report dated in the future (beyond
/// the terminal clock's tolerance) is not a position.
/// </summary>
public static class Jt808Session
{
    public static SessionStep Decide(SessionState state, Jt808Header header, Jt808Message message, Instant now, Duration clockTolerance) =>
        message switch
        {
            MalformedMessage m => new SessionStep.Answer(ReplyResult.WrongMessage, m.Reason),
            TerminalRegistration r => new SessionStep.Register(r),
            TerminalAuthentication a => new SessionStep.Authenticate(a.Code),
            Heartbeat => new SessionStep.Answer(ReplyResult.Ok),
            TerminalReply => new SessionStep.Ignore(),
            _ when state.AuthenticatedPhone != header.Phone =>
                new SessionStep.Answer(ReplyResult.Failure, state.Authenticated ? "another terminal's number on this connection" : "not authenticated"),
            TerminalLogout => new SessionStep.Logout(),
            LocationReport l => Plausible(l.Position, now, clockTolerance)
                ? new SessionStep.Store([l.Position], 0)
                : new SessionStep.Answer(ReplyResult.WrongMessage, "reported from the future"),
            LocationBatch b => Batch(b, now, clockTolerance),
            _ => new SessionStep.Answer(ReplyResult.Unsupported),
        };

    /// <summary>
    /// The directory's answer to a code. A refused code leaves the session unauthenticated (a later good code still
    /// works); after <paramref name="maxRefusals"/> the connection is closed, so codes cannot be guessed on it.
    /// </summary>
    public static (SessionState State, ReplyResult Result, bool Close) Authenticated(SessionState state, string phone, bool known, int maxRefusals)
    {
        if (known) return (state with { AuthenticatedPhone = phone }, ReplyResult.Ok, false);
        var refused = state.RefusedAuthentications + 1;
        return (new SessionState(null, refused), ReplyResult.Failure, refused >= maxRefusals);
    }

    public static SessionState LoggedOut(SessionState state) => state with { AuthenticatedPhone = null };

    /// <summary>Batches keep their plausible positions; one with none left is wrong as a whole.</summary>
    private static SessionStep Batch(LocationBatch batch, Instant now, Duration clockTolerance)
    {
        var plausible = batch.Positions.Where(p => Plausible(p, now, clockTolerance)).ToList();
        return plausible.Count == 0
            ? new SessionStep.Answer(ReplyResult.WrongMessage, "every position reported from the future")
            : new SessionStep.Store(plausible, batch.Positions.Count - plausible.Count);
    }

    private static bool Plausible(Jt808Position position, Instant now, Duration clockTolerance) =>
        position.Time <= now + clockTolerance;
}
