using Fleet.Domain.Positions;
using Fleet.Jt808.Messages;
using Fleet.Jt808.Session;
using Fleet.Server.Positions.Terminals;

namespace Fleet.Server.Positions.Gateway;

/// <summary>
/// The gateway's questions answered from the fleet: a terminal may register only while a fleet admin has bound it to a
/// car, and it is known afterwards only by the code it was given and only while it is still bound.
/// </summary>
public sealed class TerminalDirectory(IDocumentStore store, TerminalCodes codes, IClock clock, ILogger<TerminalDirectory> logger) : ITerminalDirectory
{
    public async Task<RegistrationOutcome> RegisterAsync(string phone, TerminalRegistration registration, CancellationToken cancellationToken)
    {
        if (await BoundAsync(phone, cancellationToken) is not { } bound)
        {
            logger.LogWarning("Terminal {Phone} asked to register but is bound to no vehicle", phone);
            return RegistrationOutcome.Refused(RegistrationResult.NoSuchTerminal);
        }

        return RegistrationOutcome.Registered(await codes.IssueAsync(bound.Terminal, bound.Pool, clock.GetCurrentInstant(), cancellationToken));
    }

    public async Task<bool> AuthenticateAsync(string phone, string authenticationCode, CancellationToken cancellationToken) =>
        await BoundAsync(phone, cancellationToken) is { } bound && await codes.MatchesAsync(bound.Terminal, bound.Pool, authenticationCode, cancellationToken);

    /// <summary>The terminal's number and the pool of the car it is bound to, whose city's database keeps its code.</summary>
    private async Task<(string Terminal, string Pool)?> BoundAsync(string phone, CancellationToken cancellation)
    {
        if (TerminalNumber.Normalize(phone) is not { } terminal) return null;
        var bound = await TerminalRegistry.FindEverywhereAsync(store, [terminal], logger, cancellation);
        return bound.TryGetValue(terminal, out var registration) ? (terminal, registration.Pool) : null;
    }
}
