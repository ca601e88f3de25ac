using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>Why the approver turns the request down, as typed.</summary>
public sealed record RejectTripForm(string? Reason);

/// <summary>
/// The approvers' decisions on a request. Whether the actor is an approver of the trip's unit at all is the
/// caller's check (it needs the user's roles); these rules are the ones the trip itself can answer.
/// </summary>
public static class TripApproving
{
    /// <summary>
    /// Gives the next approval level. Nobody approves their own request, and the two levels are two different
    /// people: that is the whole point of a second level. The last level required approves the trip.
    /// </summary>
    public static Decision Approve(Trip trip, Guid approverId, bool approverIsRequester, Instant now)
    {
        if (approverIsRequester || approverId == trip.RequestedBy) return Decision.Refuse(TripProblems.SelfApproval());
        if (!trip.AwaitingApproval) return Decision.Refuse(TripProblems.NotAwaitingApproval(trip.Status));
        if (trip.Approvals.Contains(approverId)) return Decision.Refuse(SameApprover());

        return Decision.Accept(new TripApproved(trip.Id, approverId, trip.NextLevel, trip.PolicyVersion, now));
    }

    /// <summary>
    /// Turns the request down, with a reason the clerk can act on. At the second level the approver must be
    /// someone other than the first, as for approving: the first approver has already given their answer.
    /// </summary>
    public static Decision Reject(Trip trip, Guid approverId, RejectTripForm form, Instant now)
    {
        if (approverId == trip.RequestedBy) return Decision.Refuse(TripProblems.SelfApproval());
        if (!trip.AwaitingApproval) return Decision.Refuse(TripProblems.NotAwaitingApproval(trip.Status));
        if (trip.Approvals.Contains(approverId)) return Decision.Refuse(SameApprover());

        var problems = new List<Problem>();
        var text = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new TripRejected(trip.Id, approverId, text!, trip.PolicyVersion, now));
    }

    private static Problem SameApprover() => Problem.Forbidden("trip.same_approver",
        "You gave the first approval of this trip: the second level needs another approver.");
}
