using Fleet.Domain.Common;
using Fleet.Domain.Tests.Vehicles;
using Fleet.Domain.Trips;
using FluentAssertions;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

public class EmergencyReviewingTests
{
    /// <summary>An emergency trip the policy approved at once, waiting for the unit head's look afterwards.</summary>
    private static Trip Flagged => Given(
        new TripAutoApproved(TripId, 1, [PolicyReasons.Emergency], Now),
        new EmergencyTripFlaggedForReview(TripId, 1, Now));

    [Theory]
    [InlineData("Justified", EmergencyReviewOutcome.Justified)]
    [InlineData("justified", EmergencyReviewOutcome.Justified)]
    [InlineData("属实", EmergencyReviewOutcome.Justified)]
    [InlineData(" NOTJUSTIFIED ", EmergencyReviewOutcome.NotJustified)]
    [InlineData("不属实", EmergencyReviewOutcome.NotJustified)]
    public void The_unit_head_records_the_finding_in_english_or_chinese(string outcome, EmergencyReviewOutcome expected)
    {
        var decision = EmergencyReviewing.Review(Flagged, UnitHead, new ReviewEmergencyTripForm(outcome, "  防汛抢险，情况紧急  "), Now);

        decision.ShouldAccept(new EmergencyTripReviewed(TripId, UnitHead, expected, "防汛抢险，情况紧急", Now));
        Flagged.Evolve(decision.Events[0]).ReviewOutcome.Should().Be(expected);
    }

    [Fact]
    public void A_justified_emergency_needs_no_note()
    {
        EmergencyReviewing.Review(Flagged, UnitHead, new ReviewEmergencyTripForm("属实", " "), Now)
            .ShouldAccept(new EmergencyTripReviewed(TripId, UnitHead, EmergencyReviewOutcome.Justified, null, Now));
    }

    [Fact]
    public void A_finding_against_the_unit_says_why()
    {
        EmergencyReviewing.Review(Flagged, UnitHead, new ReviewEmergencyTripForm("不属实", null), Now).ShouldRefuseWith(("note", "trip.review_note_required"));
    }

    [Fact]
    public void A_note_has_at_most_500_characters_and_a_bad_one_is_reported_alone()
    {
        EmergencyReviewing.Review(Flagged, UnitHead, new ReviewEmergencyTripForm("NotJustified", new string('由', 500)), Now)
            .ShouldAccept(new EmergencyTripReviewed(TripId, UnitHead, EmergencyReviewOutcome.NotJustified, new string('由', 500), Now));
        EmergencyReviewing.Review(Flagged, UnitHead, new ReviewEmergencyTripForm("NotJustified", new string('由', 501)), Now).ShouldRefuseWith(("note", "validation.too_long"));
    }

    [Theory]
    [InlineData(null, "validation.required")]
    [InlineData("  ", "validation.required")]
    [InlineData("Unjustified", "trip.review_outcome_unknown")]
    [InlineData("1", "trip.review_outcome_unknown")]
    public void The_outcome_is_one_of_the_findings(string? outcome, string code)
    {
        EmergencyReviewing.Review(Flagged, UnitHead, new ReviewEmergencyTripForm(outcome, "说明"), Now).ShouldRefuseWith(("outcome", code));
    }

    [Fact]
    public void Only_a_flagged_trip_is_reviewed()
    {
        EmergencyReviewing.Review(AutoApproved, UnitHead, new ReviewEmergencyTripForm("Justified", null), Now)
            .ShouldRefuse("trip.not_flagged_for_review", ProblemKind.Conflict);
    }

    [Fact]
    public void A_trip_is_reviewed_once()
    {
        var reviewed = Flagged.Evolve(new EmergencyTripReviewed(TripId, UnitHead, EmergencyReviewOutcome.Justified, null, Now));

        EmergencyReviewing.Review(reviewed, SecondApprover, new ReviewEmergencyTripForm("NotJustified", "不应绕过审批"), Now)
            .ShouldRefuse("trip.already_reviewed", ProblemKind.Conflict);
    }

    [Fact]
    public void Nobody_reviews_their_own_emergency()
    {
        EmergencyReviewing.Review(Flagged, Clerk, new ReviewEmergencyTripForm("Justified", null), Now).ShouldRefuse("trip.self_approval", ProblemKind.Forbidden);
    }

    [Fact]
    public void A_cancelled_emergency_is_still_reviewed()
    {
        var cancelled = Flagged.Evolve(new TripCancelled(TripId, Clerk, null, TripStatus.Approved, Now));

        EmergencyReviewing.Review(cancelled, UnitHead, new ReviewEmergencyTripForm("Justified", null), Now)
            .ShouldAccept(new EmergencyTripReviewed(TripId, UnitHead, EmergencyReviewOutcome.Justified, null, Now));
    }
}
