using Fleet.Domain.Trips;
using Fleet.Projections.Trips;

namespace Fleet.Server.Trips.Approving;

/// <summary>The pool's approval policy in force: data its fleet admins change, one version at a time.</summary>
public static class ApprovalPolicyInForce
{
    [WolverineGet("/api/approval-policy", OperationId = "GetApprovalPolicy"), Tags("Trips")]
    public static async Task<ApprovalPolicy> Get(IQuerySession session, CancellationToken cancellation) => await CurrentAsync(session, cancellation);

    /// <summary>The pool's policy in force, or the default until its fleet admins set one.</summary>
    public static async Task<ApprovalPolicy> CurrentAsync(IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<CurrentApprovalPolicy>(CurrentApprovalPolicy.StreamId, cancellation) is { } current
            ? current.ToPolicy()
            : ApprovalPolicy.Default;
}
