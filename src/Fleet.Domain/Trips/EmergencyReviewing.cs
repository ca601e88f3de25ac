using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>The unit head's finding on an emergency trip, as typed: an outcome of <see cref="EmergencyReviewOutcome"/> and a note.</summary>
public sealed record ReviewEmergencyTripForm(string? Outcome, string? Note);

/// <summary>
/// The unit head's look, after the fact, at an emergency trip the policy approved without an approver. Whether
/// the actor heads the trip's unit is the caller's check (it needs the user's roles); the trip answers the rest.
/// </summary>
public static class EmergencyReviewing
{
    public const int NoteMaxLength = 500;

    /// <summary>The Chinese terms of the review form, accepted on input alongside the English names.</summary>
    public static readonly IReadOnlyDictionary<EmergencyReviewOutcome, string> OutcomeTerms = new Dictionary<EmergencyReviewOutcome, string>
    {
        [EmergencyReviewOutcome.Justified] = "属实",
        [EmergencyReviewOutcome.NotJustified] = "不属实",
    };

    /// <summary>
    /// Records the finding, once. The review is owed whatever became of the trip, cancelled included: it
    /// concerns an approval that was given without an approver. A finding against the unit goes on its
    /// compliance record, so it has to say why.
    /// </summary>
    public static Decision Review(Trip trip, Guid reviewerId, ReviewEmergencyTripForm form, Instant now)
    {
        if (reviewerId == trip.RequestedBy) return Decision.Refuse(TripProblems.SelfApproval());
        if (!trip.FlaggedForReview)
            return Decision.Refuse(Problem.Conflict("trip.not_flagged_for_review",
                "This trip was not approved as an emergency without an approver: there is nothing to review."));
        if (trip.ReviewOutcome is { } found)
            return Decision.Refuse(Problem.Conflict("trip.already_reviewed", "This emergency trip has already been reviewed: {0}.", found));

        var problems = new List<Problem>();
        var parsed = TripInput.Code(form.Outcome, "outcome", "trip.review_outcome_unknown", OutcomeTerms, required: true, problems);
        var text = TextRules.Check(form.Note, "note", NoteMaxLength, required: false, problems);
        if (parsed == EmergencyReviewOutcome.NotJustified && text is null && !problems.Any(p => p.Field == "note"))
            problems.Add(Problem.Invalid("trip.review_note_required", "note",
                "Say why the trip should have waited for approval: the finding goes on the unit's compliance record."));
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new EmergencyTripReviewed(trip.Id, reviewerId, parsed!.Value, text, now));
    }
}
