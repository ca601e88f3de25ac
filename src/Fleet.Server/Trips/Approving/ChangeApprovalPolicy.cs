using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Projections.Trips;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Trips.Approving;

/// <summary>A fleet admin puts the pool's next approval policy version in force; requests already asked keep theirs.</summary>
public sealed record ChangeApprovalPolicy(ChangeApprovalPolicyForm Form) : Command<ApprovalPolicy>;

public static class ChangeApprovalPolicyHandler
{
    public static async Task<Outcome<ApprovalPolicy>> Handle(ChangeApprovalPolicy command, IDocumentSession session, IClock clock,
        CancellationToken cancellation)
    {
        // Loaded for writing: two admins changing the policy at once get a 409 for the second.
        var stream = await session.Events.FetchForWriting<CurrentApprovalPolicy>(CurrentApprovalPolicy.StreamId, cancellation);
        var current = stream.Aggregate?.ToPolicy() ?? ApprovalPolicy.Default;
        var decision = ApprovalPolicies.Change(command.Form, current, clock.GetCurrentInstant());
        if (!decision.IsAccepted) return Outcome<ApprovalPolicy>.Refused(decision.Problems);

        var changed = decision.Events[0];
        stream.AppendOne(changed);
        return changed is ApprovalPolicyChanged chain ? ApprovalPolicy.From(chain) : ApprovalPolicy.From((PolicyChanged)changed);
    }
}

public static class ChangeApprovalPolicyEndpoint
{
    [WolverinePost("/api/approval-policy", OperationId = "ChangeApprovalPolicy"), Tags("Trips")]
    [Authorize(Roles = nameof(Role.FleetAdmin))]
    [LosesRaces]
    public static Task<Results<Ok<ApprovalPolicy>, ProblemHttpResult>> Post(ChangeApprovalPolicyForm form, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new ChangeApprovalPolicy(form), http);
}
