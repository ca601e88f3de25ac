using Fleet.Domain.Common;
using Fleet.Domain.Tests.Vehicles;
using Fleet.Domain.Trips;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

public class TripAmendingTests
{
    private static readonly Instant Later = Now + Duration.FromMinutes(10);

    private static Decision Amend(RequestTripForm form, Trip trip, Guid? actor = null) =>
        TripRequesting.Amend(form, trip, actor ?? Clerk, Policy, Year2026, Shanghai, Later);

    [Fact]
    public void An_approved_trip_amended_to_go_out_of_the_city_is_sent_to_two_levels_under_the_policy()
    {
        Amend(Form with { OutOfRegion = true }, AutoApproved).ShouldAccept(
            new TripRequestAmended(TripId, Details with { OutOfRegion = true }, Clerk, Later),
            new TripApprovalRequired(TripId, 2, 1, [PolicyReasons.OutOfRegion], Later));
    }

    [Fact]
    public void A_pending_request_amended_into_policy_limits_is_approved_at_once()
    {
        Amend(Form, AwaitingOneLevel with { Details = Details with { Passengers = 3 } }).ShouldAccept(
            new TripRequestAmended(TripId, Details, Clerk, Later),
            new TripAutoApproved(TripId, 1, [PolicyReasons.WithinAutoLimits], Later));
    }

    [Fact]
    public void Approvals_given_for_the_old_request_start_over()
    {
        var decision = Amend(Form with { Passengers = 3, PassengerNames = null, OutOfRegion = true }, SecondLevelAwaited);

        var amended = decision.Events.Aggregate(SecondLevelAwaited, (trip, e) => trip.Evolve(e));
        amended.Status.Should().Be(TripStatus.Requested);
        amended.Approvals.Should().BeEmpty();
        amended.LevelsRequired.Should().Be(2);
        amended.AwaitingApproval.Should().BeTrue();
    }

    [Fact]
    public void An_emergency_amendment_is_approved_at_once_and_flagged_again()
    {
        Amend(Form with { Urgency = "Emergency" }, AwaitingOneLevel).ShouldAccept(
            new TripRequestAmended(TripId, Details with { Urgency = TripUrgency.Emergency }, Clerk, Later),
            new TripAutoApproved(TripId, 1, [PolicyReasons.Emergency], Later),
            new EmergencyTripFlaggedForReview(TripId, 1, Later));
    }

    [Fact]
    public void Only_the_requester_can_amend()
    {
        Amend(Form with { Passengers = 1, PassengerNames = null }, AutoApproved, actor: UnitHead)
            .ShouldRefuse("trip.not_requester", ProblemKind.Forbidden);
    }

    [Theory]
    [InlineData(TripStatus.Dispatched)]
    [InlineData(TripStatus.Accepted)]
    [InlineData(TripStatus.InProgress)]
    public void A_dispatched_trip_can_no_longer_be_amended(TripStatus status)
    {
        Amend(Form with { Passengers = 1, PassengerNames = null }, AutoApproved with { Status = status })
            .ShouldRefuse("trip.already_dispatched", ProblemKind.Conflict);
    }

    [Theory]
    [InlineData(TripStatus.Completed)]
    [InlineData(TripStatus.Closed)]
    [InlineData(TripStatus.Rejected)]
    [InlineData(TripStatus.Cancelled)]
    public void A_final_trip_can_no_longer_be_amended(TripStatus status)
    {
        Amend(Form with { Passengers = 1, PassengerNames = null }, AutoApproved with { Status = status })
            .ShouldRefuse("trip.already_final", ProblemKind.Conflict);
    }

    [Fact]
    public void An_amendment_that_changes_nothing_keeps_the_approvals_it_would_throw_away()
    {
        Amend(Form, SecondLevelAwaited).ShouldRefuse("trip.amendment_unchanged", ProblemKind.Conflict);
    }

    [Fact]
    public void An_amendment_is_validated_like_a_request_against_the_time_of_the_amendment()
    {
        Amend(Form with { Start = Now + Duration.FromMinutes(5), PurposeText = null }, AutoApproved).ShouldRefuseWith(
            ("start", "trip.start_not_in_future"),
            ("purposeText", "validation.required"));
    }
}
