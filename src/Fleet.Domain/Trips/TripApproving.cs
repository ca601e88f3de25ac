using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>Why the approver turns the request down, as typed.</summary>
public sealed record RejectTripForm(string? Reason);

/// <summary>
/// The approvers' decisions on a request. Which office the actor approves for — the trip's unit, its district's office
/// or the city's — is the caller's finding (it needs the user's organisation and roles); these rules are the ones the
/// trip itself can answer.
/// </summary>
public static class TripApproving
{
    /// <summary>
    /// Gives the next step's approval. Nobody approves their own request, each step is signed by the office the chain
    /// names for it, and no one signs two steps: that is the whole point of a second step. The last step approves the
    /// trip.
    /// </summary>
    public static Decision Approve(Trip trip, Guid approverId, bool approverIsRequester, Instant now, ApprovalOffice office = ApprovalOffice.Unit)
    {
        if (Refusal(trip, approverId, approverIsRequester, office) is { } refused) return Decision.Refuse(refused);
        return Decision.Accept(new TripApproved(trip.Id, approverId, trip.NextLevel, trip.PolicyVersion, now));
    }

    /// <summary>
    /// Turns the request down, with a reason the clerk can act on, at the step it waits at and by that step's office.
    /// A later step's approver must be someone other than an earlier one's, as for approving: they have given their
    /// answer already.
    /// </summary>
    public static Decision Reject(Trip trip, Guid approverId, RejectTripForm form, Instant now, ApprovalOffice office = ApprovalOffice.Unit)
    {
        if (Refusal(trip, approverId, approverIsRequester: false, office) is { } refused) return Decision.Refuse(refused);

        var problems = new List<Problem>();
        var text = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new TripRejected(trip.Id, approverId, text!, trip.PolicyVersion, now));
    }

    private static Problem? Refusal(Trip trip, Guid approverId, bool approverIsRequester, ApprovalOffice office)
    {
        if (approverIsRequester || approverId == trip.RequestedBy) return TripProblems.SelfApproval();
        if (trip.NextOffice is not { } waitingFor) return TripProblems.NotAwaitingApproval(trip.Status);
        if (trip.Approvals.Contains(approverId)) return SameApprover();
        if (waitingFor != office) return NotYourStep(trip.NextLevel, waitingFor);
        return null;
    }

    private static Problem SameApprover() => Problem.Forbidden("trip.same_approver",
        "You gave an earlier approval of this trip: the next step needs another approver.");

    private static Problem NotYourStep(int step, ApprovalOffice office) => Problem.Forbidden("trip.not_your_step",
        "This request waits at step {0} for the approval of {1}: yours is not the one it needs now.", step, office);
}
