using Fleet.Domain.People;

namespace Fleet.Server.Integrity;

/// <summary>Starts a verification of the chains a supervisor may see in the background, or joins the one running (<see cref="AuditVerificationRuns"/>).</summary>
public sealed record StartAuditVerification(string? From = null) : Command<AuditVerificationStatus>;

public static class StartAuditVerificationHandler
{
    public static async Task<Outcome<AuditVerificationStatus>> Handle(StartAuditVerification command, AuditChains chains, CancellationToken cancellation)
    {
        if (AuditChainHandler.StartOf(command.From) is not { } from)
            return Outcome<AuditVerificationStatus>.Refused(AuditChainHandler.StartInvalid(command.From!));
        return await chains.For(command.By.Pool).Runs.StartAsync(chains.ScopeOf(command.By), chains.ChainsOf(command.By), from, cancellation);
    }
}

public static class StartAuditVerificationEndpoint
{
    /// <summary>
    /// Starts a verification in the background (<c>?from=start</c>: from the first event), or joins the one running for
    /// the city or the district; follow it with <c>GET /api/audit/verifications/current</c>.
    /// </summary>
    [WolverinePost("/api/audit/verifications", OperationId = "StartAuditVerification"), Tags("Audit")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static Task<Results<Ok<AuditVerificationStatus>, ProblemHttpResult>> StartVerification(string? from, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new StartAuditVerification(from), http);
}
