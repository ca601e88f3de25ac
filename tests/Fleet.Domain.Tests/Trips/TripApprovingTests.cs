using Fleet.Domain.Common;
using Fleet.Domain.Tests.Vehicles;
using Fleet.Domain.Trips;
using FluentAssertions;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

public class TripApprovingTests
{
    [Fact]
    public void The_unit_head_approves_a_one_level_request_and_the_trip_is_approved()
    {
        var decision = TripApproving.Approve(AwaitingOneLevel, UnitHead, approverIsRequester: false, Now);

        decision.ShouldAccept(new TripApproved(TripId, UnitHead, 1, 1, Now));
        AwaitingOneLevel.Evolve(decision.Events[0]).Status.Should().Be(TripStatus.Approved);
    }

    [Fact]
    public void A_two_level_request_stays_requested_after_the_first_level_and_is_approved_by_the_second()
    {
        var first = TripApproving.Approve(AwaitingTwoLevels, UnitHead, approverIsRequester: false, Now);
        first.ShouldAccept(new TripApproved(TripId, UnitHead, 1, 1, Now));
        var afterFirst = AwaitingTwoLevels.Evolve(first.Events[0]);
        afterFirst.Status.Should().Be(TripStatus.Requested);
        afterFirst.AwaitingApproval.Should().BeTrue();

        var second = TripApproving.Approve(afterFirst, SecondApprover, approverIsRequester: false, Now);
        second.ShouldAccept(new TripApproved(TripId, SecondApprover, 2, 1, Now));
        afterFirst.Evolve(second.Events[0]).Status.Should().Be(TripStatus.Approved);
    }

    [Fact]
    public void An_approval_records_the_policy_version_that_asked_for_it()
    {
        var underVersion3 = Given(new TripApprovalRequired(TripId, 1, 3, [PolicyReasons.NotAWorkday], Now));

        TripApproving.Approve(underVersion3, UnitHead, approverIsRequester: false, Now)
            .ShouldAccept(new TripApproved(TripId, UnitHead, 1, 3, Now));
    }

    [Fact]
    public void The_same_approver_cannot_give_both_levels()
    {
        TripApproving.Approve(SecondLevelAwaited, UnitHead, approverIsRequester: false, Now)
            .ShouldRefuse("trip.same_approver", ProblemKind.Forbidden);
    }

    [Fact]
    public void Nobody_approves_their_own_request()
    {
        TripApproving.Approve(AwaitingOneLevel, UnitHead, approverIsRequester: true, Now)
            .ShouldRefuse("trip.self_approval", ProblemKind.Forbidden);
        TripApproving.Approve(AwaitingOneLevel, Clerk, approverIsRequester: false, Now)
            .ShouldRefuse("trip.self_approval", ProblemKind.Forbidden);
    }

    public static TheoryData<string> TripsNotAwaitingApproval => ["auto-approved", "approved", "just requested", "rejected", "cancelled"];

    private static Trip NotAwaiting(string which) => which switch
    {
        "auto-approved" => AutoApproved,
        "approved" => AwaitingOneLevel.Evolve(new TripApproved(TripId, UnitHead, 1, 1, Now)),
        "just requested" => Given(),
        "rejected" => AwaitingOneLevel.Evolve(new TripRejected(TripId, UnitHead, "不符合规定", 1, Now)),
        _ => AwaitingOneLevel.Evolve(new TripCancelled(TripId, Clerk, null, TripStatus.Requested, Now)),
    };

    [Theory]
    [MemberData(nameof(TripsNotAwaitingApproval))]
    public void Only_a_trip_awaiting_approval_can_be_approved_or_rejected(string which)
    {
        TripApproving.Approve(NotAwaiting(which), UnitHead, approverIsRequester: false, Now)
            .ShouldRefuse("trip.not_awaiting_approval", ProblemKind.Conflict);
        TripApproving.Reject(NotAwaiting(which), UnitHead, new RejectTripForm("不符合规定"), Now)
            .ShouldRefuse("trip.not_awaiting_approval", ProblemKind.Conflict);
    }

    [Fact]
    public void A_request_is_rejected_with_the_reason_and_the_trip_ends_there()
    {
        var decision = TripApproving.Reject(AwaitingTwoLevels, UnitHead, new RejectTripForm("  可合并至下周例会  "), Now);

        decision.ShouldAccept(new TripRejected(TripId, UnitHead, "可合并至下周例会", 1, Now));
        AwaitingTwoLevels.Evolve(decision.Events[0]).Status.Should().Be(TripStatus.Rejected);
    }

    [Fact]
    public void The_second_level_can_reject_after_the_first_approved()
    {
        TripApproving.Reject(SecondLevelAwaited, SecondApprover, new RejectTripForm("外出人数过多"), Now)
            .ShouldAccept(new TripRejected(TripId, SecondApprover, "外出人数过多", 1, Now));
    }

    [Fact]
    public void The_first_approver_cannot_reject_at_the_second_level()
    {
        TripApproving.Reject(SecondLevelAwaited, UnitHead, new RejectTripForm("改变主意"), Now)
            .ShouldRefuse("trip.same_approver", ProblemKind.Forbidden);
    }

    [Fact]
    public void Nobody_rejects_their_own_request()
    {
        TripApproving.Reject(AwaitingOneLevel, Clerk, new RejectTripForm("不去了"), Now).ShouldRefuse("trip.self_approval", ProblemKind.Forbidden);
    }

    [Theory]
    [InlineData(null, "validation.required")]
    [InlineData("   ", "validation.required")]
    [InlineData("不符合\r\n规定", "validation.control_characters")]
    public void A_rejection_needs_a_readable_reason(string? reason, string code)
    {
        TripApproving.Reject(AwaitingOneLevel, UnitHead, new RejectTripForm(reason), Now).ShouldRefuseWith(("reason", code));
    }

    [Fact]
    public void A_rejection_reason_has_at_most_500_characters()
    {
        TripApproving.Reject(AwaitingOneLevel, UnitHead, new RejectTripForm(new string('理', 500)), Now)
            .ShouldAccept(new TripRejected(TripId, UnitHead, new string('理', 500), 1, Now));
        TripApproving.Reject(AwaitingOneLevel, UnitHead, new RejectTripForm(new string('理', 501)), Now)
            .ShouldRefuseWith(("reason", "validation.too_long"));
    }
}
