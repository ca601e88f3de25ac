using Fleet.Domain.People;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Projections.Reconciliation;

namespace Fleet.Server.Positions.Reconciliation;

/// <summary>
/// A fleet admin puts the pool's next reconciliation thresholds in force, as the approval policy is changed; tracks
/// already checked keep the version they were checked under.
/// </summary>
public sealed record ChangeReconciliationPolicy(ChangeReconciliationPolicyForm Form) : Command<ReconciliationPolicy>;

public static class ChangeReconciliationPolicyHandler
{
    public static async Task<Outcome<ReconciliationPolicy>> Handle(ChangeReconciliationPolicy command, IDocumentSession session, IClock clock,
        CancellationToken cancellation)
    {
        // Loaded for writing: two admins changing the thresholds at once get a 409 for the second.
        var stream = await session.Events.FetchForWriting<CurrentReconciliationPolicy>(CurrentReconciliationPolicy.StreamId, cancellation);
        var current = stream.Aggregate?.ToPolicy() ?? ReconciliationPolicy.Default;
        var decision = ReconciliationPolicies.Change(command.Form, current, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return Outcome<ReconciliationPolicy>.Refused(decision.Problems);

        var changed = (ReconciliationPolicyChanged)decision.Events[0];
        stream.AppendOne(changed);
        return ReconciliationPolicy.From(changed);
    }
}

public static class ChangeReconciliationPolicyEndpoint
{
    [WolverinePost("/api/reconciliation-policy", OperationId = "ChangeReconciliationPolicy"), Tags("Positions")]
    [EndpointSummary("Put new reconciliation thresholds in force")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<ReconciliationPolicy>, ProblemHttpResult>> Post(ChangeReconciliationPolicyForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ChangeReconciliationPolicy(form), http);
}
