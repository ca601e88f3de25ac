using Fleet.Jt808.Messages;

namespace Fleet.Jt808.Session;

/// <summary>What the platform says to a terminal that asks to register: the result and, when registered, its authentication code.</summary>
public sealed record RegistrationOutcome(RegistrationResult Result, string? AuthenticationCode)
{
    public static RegistrationOutcome Registered(string authenticationCode) => new(RegistrationResult.Registered, authenticationCode);
    public static RegistrationOutcome Refused(RegistrationResult result) => new(result, null);
}

/// <summary>
/// The terminals the platform knows. The gateway asks it and never decides itself: which terminal is bound to which
/// car, and which codes are valid, is the fleet's business (the Positions module answers from PostgreSQL).
/// </summary>
public interface ITerminalDirectory
{
    /// <summary>A terminal asks to register (0x0100): an authentication code, or why not.</summary>
    Task<RegistrationOutcome> RegisterAsync(string phone, TerminalRegistration registration, CancellationToken cancellationToken);

    /// <summary>A terminal presents its code (0x0102): true only when this code was issued to this terminal.</summary>
    Task<bool> AuthenticateAsync(string phone, string authenticationCode, CancellationToken cancellationToken);
}

/// <summary>
/// Where decoded positions go. The gateway acknowledges a report (0x8001 ok) only after the returned task completed,
/// so the sink must have stored them durably by then; a fault makes the gateway answer "failure" and the terminal
/// send them again.
/// </summary>
public interface IPositionSink
{
    Task AcceptAsync(string phone, IReadOnlyList<Jt808Position> positions, CancellationToken cancellationToken);
}
