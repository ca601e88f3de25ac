using Fleet.Domain.Common;
using Fleet.Domain.Tests.Vehicles;
using Fleet.Domain.Trips;
using FluentAssertions;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

public class TripCancellingTests
{
    [Fact]
    public void A_request_is_cancelled_before_approval_without_a_reason()
    {
        var decision = TripCancelling.Cancel(AwaitingOneLevel, Clerk, new CancelTripForm(null), Now);

        decision.ShouldAccept(new TripCancelled(TripId, Clerk, null, TripStatus.Requested, Now));
        AwaitingOneLevel.Evolve(decision.Events[0]).Status.Should().Be(TripStatus.Cancelled);
    }

    [Fact]
    public void An_approved_trip_is_cancelled_with_the_reason_when_one_is_given()
    {
        TripCancelling.Cancel(AutoApproved, Clerk, new CancelTripForm(" 会议延期 "), Now)
            .ShouldAccept(new TripCancelled(TripId, Clerk, "会议延期", TripStatus.Approved, Now));
    }

    [Theory]
    [InlineData(TripStatus.Dispatched)]
    [InlineData(TripStatus.Accepted)]
    public void After_dispatch_a_trip_is_cancelled_only_with_a_reason(TripStatus status)
    {
        var dispatched = AutoApproved with { Status = status };

        TripCancelling.Cancel(dispatched, Clerk, new CancelTripForm(" "), Now).ShouldRefuseWith(("reason", "validation.required"));
        TripCancelling.Cancel(dispatched, Clerk, new CancelTripForm("会议延期"), Now)
            .ShouldAccept(new TripCancelled(TripId, Clerk, "会议延期", status, Now));
    }

    [Fact]
    public void A_trip_under_way_is_finished_not_cancelled()
    {
        TripCancelling.Cancel(AutoApproved with { Status = TripStatus.InProgress }, Clerk, new CancelTripForm("提前返回"), Now)
            .ShouldRefuse("trip.already_started", ProblemKind.Conflict);
    }

    [Theory]
    [InlineData(TripStatus.Completed)]
    [InlineData(TripStatus.Closed)]
    [InlineData(TripStatus.Rejected)]
    [InlineData(TripStatus.Cancelled)]
    public void A_final_trip_cannot_be_cancelled(TripStatus status)
    {
        TripCancelling.Cancel(AutoApproved with { Status = status }, Clerk, new CancelTripForm("会议延期"), Now)
            .ShouldRefuse("trip.already_final", ProblemKind.Conflict)
            .FormattedMessage.Should().Be($"This trip is {status}: it can no longer be changed.");
    }

    [Fact]
    public void Only_the_requester_can_cancel()
    {
        TripCancelling.Cancel(AutoApproved, UnitHead, new CancelTripForm("会议延期"), Now).ShouldRefuse("trip.not_requester", ProblemKind.Forbidden);
    }

    [Fact]
    public void A_given_reason_is_checked_even_when_none_is_required()
    {
        TripCancelling.Cancel(AutoApproved, Clerk, new CancelTripForm(new string('因', 501)), Now).ShouldRefuseWith(("reason", "validation.too_long"));
    }
}
