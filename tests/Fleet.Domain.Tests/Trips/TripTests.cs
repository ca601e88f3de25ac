using Fleet.Domain.Common;
using Fleet.Domain.Trips;
using FluentAssertions;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

public class TripTests
{
    [Fact]
    public void A_new_request_is_requested_and_awaits_nothing_until_the_policy_answers()
    {
        Trip.From(Requested).Should().BeEquivalentTo(new
        {
            Id = TripId,
            Details,
            UnitCode = "420102001",
            Pool = "420102",
            RequestedBy = Clerk,
            Status = TripStatus.Requested,
            LevelsRequired = 0,
            Approvals = Array.Empty<Guid>(),
            PolicyVersion = 0,
            FlaggedForReview = false,
        });
        Trip.From(Requested).AwaitingApproval.Should().BeFalse();
    }

    [Fact]
    public void A_required_approval_records_the_levels_and_the_policy_version()
    {
        var trip = Given(new TripApprovalRequired(TripId, 2, 4, [PolicyReasons.Overnight], Now));

        trip.Status.Should().Be(TripStatus.Requested);
        trip.LevelsRequired.Should().Be(2);
        trip.PolicyVersion.Should().Be(4);
        trip.AwaitingApproval.Should().BeTrue();
        trip.NextLevel.Should().Be(1);
    }

    [Fact]
    public void Approvals_are_counted_until_the_last_level_approves_the_trip()
    {
        SecondLevelAwaited.Approvals.Should().Equal(UnitHead);
        SecondLevelAwaited.NextLevel.Should().Be(2);
        SecondLevelAwaited.Status.Should().Be(TripStatus.Requested);

        var approved = SecondLevelAwaited.Evolve(new TripApproved(TripId, SecondApprover, 2, 1, Now));
        approved.Approvals.Should().Equal(UnitHead, SecondApprover);
        approved.Status.Should().Be(TripStatus.Approved);
        approved.AwaitingApproval.Should().BeFalse();
    }

    [Fact]
    public void An_emergency_life_is_approved_and_flagged_and_the_flag_survives_an_amendment()
    {
        var trip = Given(
            new TripAutoApproved(TripId, 1, [PolicyReasons.Emergency], Now),
            new EmergencyTripFlaggedForReview(TripId, 1, Now),
            new TripRequestAmended(TripId, Details with { Passengers = 1, PassengerNames = [] }, Clerk, Now),
            new TripApprovalRequired(TripId, 1, 2, [PolicyReasons.OutsideWorkingHours], Now));

        trip.FlaggedForReview.Should().BeTrue();
        trip.Details.Passengers.Should().Be(1);
        trip.Status.Should().Be(TripStatus.Requested);
        trip.PolicyVersion.Should().Be(2);
    }

    [Fact]
    public void An_amendment_sends_an_approved_trip_back_to_requested_without_approvals()
    {
        var approved = AwaitingOneLevel.Evolve(new TripApproved(TripId, UnitHead, 1, 1, Now));

        var amended = approved.Evolve(new TripRequestAmended(TripId, Details with { OutOfRegion = true }, Clerk, Now));

        amended.Status.Should().Be(TripStatus.Requested);
        amended.Approvals.Should().BeEmpty();
        amended.LevelsRequired.Should().Be(0);
        amended.Details.OutOfRegion.Should().BeTrue();
    }

    [Fact]
    public void Rejection_and_cancellation_end_the_trip()
    {
        AwaitingOneLevel.Evolve(new TripRejected(TripId, UnitHead, "不符合规定", 1, Now)).Status.Should().Be(TripStatus.Rejected);
        AutoApproved.Evolve(new TripCancelled(TripId, Clerk, null, TripStatus.Approved, Now)).Status.Should().Be(TripStatus.Cancelled);
    }

    [Fact]
    public void Evolving_leaves_the_given_state_untouched_and_ignores_events_of_other_streams()
    {
        var before = AwaitingOneLevel;

        before.Evolve(new TripApproved(TripId, UnitHead, 1, 1, Now));
        before.Status.Should().Be(TripStatus.Requested);
        before.Evolve("something else").Should().BeSameAs(before);
    }

    [Theory]
    [InlineData(TripStatus.Completed, true)]
    [InlineData(TripStatus.Closed, true)]
    [InlineData(TripStatus.Rejected, true)]
    [InlineData(TripStatus.Cancelled, true)]
    [InlineData(TripStatus.Requested, false)]
    [InlineData(TripStatus.Approved, false)]
    [InlineData(TripStatus.InProgress, false)]
    public void Final_states_are_the_ones_requesting_and_approving_can_no_longer_change(TripStatus status, bool final)
    {
        status.IsFinal().Should().Be(final);
    }

    [Fact]
    public void Details_are_equal_when_their_lists_hold_the_same_items()
    {
        var copy = Details with { PassengerNames = ["张三", "李四"], Destinations = ["市民之家"] };

        copy.Should().Be(Details);
        copy.GetHashCode().Should().Be(Details.GetHashCode());
        (Details with { Destinations = ["市民之家", "区档案馆"] }).Should().NotBe(Details);
    }
}
