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

/// <summary>
/// One version of the pool's thresholds as it was put in force: when, and by whom — the person is the actor stamped on the
/// event, so the answer holds for changes from the page and from the API alike. The defaults (version 1) have neither.
/// </summary>
public sealed record ReconciliationPolicyVersion(ReconciliationPolicy Policy, Instant? ChangedAt, Guid? ChangedBy);

public static class ReconciliationPolicyHistory
{
    /// <summary>Every version the pool has had, the newest first, down to the defaults it started with.</summary>
    public static async Task<IReadOnlyList<ReconciliationPolicyVersion>> VersionsAsync(IQuerySession session, CancellationToken cancellation)
    {
        var events = await session.Events.FetchStreamAsync(CurrentReconciliationPolicy.StreamId, token: cancellation);
        var changes = events.Where(e => e.Data is ReconciliationPolicyChanged).Select(e =>
        {
            var changed = (ReconciliationPolicyChanged)e.Data;
            return new ReconciliationPolicyVersion(ReconciliationPolicy.From(changed), changed.ChangedAt,
                Guid.TryParse(e.UserName, out var by) ? by : null);
        });
        return [.. changes.Prepend(new ReconciliationPolicyVersion(ReconciliationPolicy.Default, null, null)).Reverse()];
    }
}
