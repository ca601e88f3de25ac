using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>Why the requester calls the trip off, as typed.</summary>
public sealed record CancelTripForm(string? Reason);

public static class TripCancelling
{
    /// <summary>
    /// Cancels the trip for its requester. Before dispatch nothing has been committed and no reason is asked;
    /// once a car and driver are assigned the dispatch centre has planned around them and needs to know why.
    /// A trip under way is finished, not cancelled; a final one is history.
    /// </summary>
    public static Decision Cancel(Trip trip, Guid actorId, CancelTripForm form, Instant now)
    {
        if (actorId != trip.RequestedBy) return Decision.Refuse(TripProblems.NotRequester());
        if (TripProblems.IfFinal(trip) is { } final) return Decision.Refuse(final);
        if (trip.Status == TripStatus.InProgress)
            return Decision.Refuse(TripProblems.AlreadyStarted());

        var problems = new List<Problem>();
        var text = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: trip.Status.IsDispatched(), problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new TripCancelled(trip.Id, actorId, text, trip.Status, now));
    }
}
