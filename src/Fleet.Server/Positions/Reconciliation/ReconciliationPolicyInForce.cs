using Fleet.Domain.People;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Projections.Reconciliation;

namespace Fleet.Server.Positions.Reconciliation;

/// <summary>The pool's reconciliation thresholds in force: data its fleet admins change, one version at a time.</summary>
public static class ReconciliationPolicyInForce
{
    [WolverineGet("/api/reconciliation-policy", OperationId = "GetReconciliationPolicy"), Tags("Positions")]
    public static async Task<ReconciliationPolicy> Get(IQuerySession session, CancellationToken cancellation) => await CurrentAsync(session, cancellation);

    /// <summary>The pool's thresholds in force, or the default until its fleet admins set some.</summary>
    public static async Task<ReconciliationPolicy> CurrentAsync(IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<CurrentReconciliationPolicy>(CurrentReconciliationPolicy.StreamId, cancellation) is { } current
            ? current.ToPolicy()
            : ReconciliationPolicy.Default;
}
