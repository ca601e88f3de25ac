using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Projections.Trips;
using Fleet.Server.Infrastructure.Http;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Wolverine.Http;

namespace Fleet.Server.Trips.Requesting;

/// <summary>The pool's approval policy: data its fleet admins change, one version at a time.</summary>
public static class ApprovalPolicyEndpoints
{
    [WolverineGet("/api/approval-policy", OperationId = "GetApprovalPolicy"), Tags("Trips")]
    public static async Task<ApprovalPolicy> Get(IQuerySession session, CancellationToken cancellation) => await CurrentAsync(session, cancellation);

    [WolverinePost("/api/approval-policy", OperationId = "ChangeApprovalPolicy"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    public static async Task<Results<Ok<ApprovalPolicy>, ProblemHttpResult>> Change(ChangeApprovalPolicyForm form, IDocumentSession session,
        IClock clock, ProblemText text, CancellationToken cancellation)
    {
        // Loaded for writing: two admins changing the policy at once get a 409 for the second.
        var stream = await session.Events.FetchForWriting<CurrentApprovalPolicy>(CurrentApprovalPolicy.StreamId, cancellation);
        var current = stream.Aggregate?.ToPolicy() ?? ApprovalPolicy.Default;
        var decision = ApprovalPolicies.Change(form, current, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return FleetProblems.From(decision.Problems, text);

        var changed = (PolicyChanged)decision.Events[0];
        stream.AppendOne(changed);
        return TypedResults.Ok(ApprovalPolicy.From(changed));
    }

    /// <summary>The pool's policy in force, or the default until its fleet admins set one.</summary>
    public static async Task<ApprovalPolicy> CurrentAsync(IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<CurrentApprovalPolicy>(CurrentApprovalPolicy.StreamId, cancellation) is { } current
            ? current.ToPolicy()
            : ApprovalPolicy.Default;
}
