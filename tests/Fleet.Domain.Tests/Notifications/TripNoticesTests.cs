using Fleet.Domain.Common;
using Fleet.Domain.Notifications;
using Fleet.Domain.Trips;
using FluentAssertions;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;
using TestTrip = Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Notifications;

/// <summary>Which notices each event of a trip gives, to which audience, urgent or not, and who is never told of what they did.</summary>
public class TripNoticesTests
{
    private static readonly Guid OtherDriver = Guid.Parse("01900000-0000-7000-8000-0000000000d9");

    private static IReadOnlyList<Notice> After(Trip before, object e) => TripNotices.For(before, before.Evolve(e), e);

    [Fact]
    public void A_request_sent_to_approval_asks_the_units_heads_and_not_its_clerk()
    {
        var e = new TripApprovalRequired(TripId, 1, 1, [PolicyReasons.OutsideWorkingHours], Now);
        After(Given(), e).Should().Equal(new Notice(NotificationKind.ApprovalWaiting, Audience.UnitApprovers, Now, false, Actor: Clerk));
    }

    [Fact]
    public void A_first_approval_of_two_asks_the_other_heads_and_the_last_tells_the_clerk()
    {
        After(AwaitingTwoLevels, new TripApproved(TripId, UnitHead, 1, 1, Now))
            .Should().Equal(new Notice(NotificationKind.ApprovalWaiting, Audience.UnitApprovers, Now, false, Actor: UnitHead));
        After(SecondLevelAwaited, new TripApproved(TripId, SecondApprover, 2, 1, Now))
            .Should().Equal(new Notice(NotificationKind.RequestApproved, Audience.Requester, Now, false, Actor: SecondApprover));
    }

    [Fact]
    public void The_policys_own_answers_tell_the_clerk()
    {
        After(Given(), new TripAutoApproved(TripId, 1, [PolicyReasons.WithinAutoLimits], Now)).Single().Kind.Should().Be(NotificationKind.RequestAutoApproved);
        After(AwaitingOneLevel, new TripRejected(TripId, UnitHead, "改为视频会议", 1, Now)).Single()
            .Should().Be(new Notice(NotificationKind.RequestRejected, Audience.Requester, Now, false, Actor: UnitHead));
    }

    [Fact]
    public void A_dispatch_tells_the_clerk_and_the_driver_and_a_reassignment_both_drivers()
    {
        After(AutoApproved, new TripDispatched(TripId, Order, TestTrip.Assignment, null, Dispatcher, Now)).Should().Equal(
            new Notice(NotificationKind.TripDispatched, Audience.Requester, Now, false, Actor: Dispatcher),
            new Notice(NotificationKind.TripDispatched, Audience.Driver, Now, false, DriverId, Dispatcher));

        var reassigned = new TripReassigned(TripId, TestTrip.Assignment with { DriverId = OtherDriver, DriverName = "李师傅" }, null, "原驾驶员请假", Dispatcher, Now);
        After(Dispatched, reassigned).Select(n => (n.Audience, n.Driver)).Should().Equal(
            (Audience.Requester, null), (Audience.Driver, DriverId), (Audience.Driver, OtherDriver));

        var sameDriver = new TripReassigned(TripId, TestTrip.Assignment with { VehicleId = Guid.NewGuid(), Plate = "鄂A·C9999" }, null, "原车送修", Dispatcher, Now);
        After(Dispatched, sameDriver).Count(n => n.Audience == Audience.Driver).Should().Be(1, "a driver who keeps the trip is told once");
    }

    [Fact]
    public void A_withdrawal_and_a_cancellation_tell_the_driver_who_had_the_trip()
    {
        After(Dispatched, new TripUndispatched(TripId, Order, "改派", Dispatcher, Now)).Should().Contain(n => n.Audience == Audience.Driver && n.Driver == DriverId);
        var cancelled = After(Dispatched, new TripCancelled(TripId, Clerk, "会议延期", TripStatus.Dispatched, Now));
        cancelled.Should().Contain(n => n.Audience == Audience.Driver && n.Driver == DriverId);
        cancelled.Should().OnlyContain(n => n.Actor == Clerk, "the clerk who cancelled is not told of it");
        After(AwaitingOneLevel, new TripCancelled(TripId, Clerk, null, TripStatus.Requested, Now)).Should().NotContain(n => n.Audience == Audience.Driver);
    }

    [Fact]
    public void A_car_late_out_or_late_back_is_urgent_for_the_dispatch_centre_and_the_supervisors()
    {
        foreach (var e in new object[] { new TripStartOverdue(TripId, Details.Start, Now), new TripReturnOverdue(TripId, Details.End, Now) })
            After(Dispatched, e).Should().HaveCount(2).And.OnlyContain(n => n.Urgent)
                .And.Contain(n => n.Audience == Audience.PoolDispatchers).And.Contain(n => n.Audience == Audience.Supervisors);
    }

    [Fact]
    public void Every_notice_of_an_emergency_trip_is_urgent()
    {
        var emergency = Given() with { Details = Details with { Urgency = TripUrgency.Emergency } };
        After(emergency, new TripAutoApproved(TripId, 1, [], Now)).Should().OnlyContain(n => n.Urgent);
    }

    [Fact]
    public void Events_that_concern_nobody_give_no_notice()
    {
        After(Dispatched, new TripAccepted(TripId, DriverId, Now)).Should().BeEmpty();
        After(Started, new TripOdometerGapRecorded(TripId, VehicleId, Distance.FromKilometres(1), OdometerOut, Now)).Should().BeEmpty();
    }

    [Fact]
    public void A_request_still_waits_until_a_decision_an_amendment_or_an_approval_moves_it()
    {
        TripNotices.StillWaiting(AwaitingOneLevel, []).Should().BeTrue();
        TripNotices.StillWaiting(AwaitingOneLevel, [new TripRequestAmended(TripId, Details, Clerk, Now)]).Should().BeFalse();
        TripNotices.StillWaiting(SecondLevelAwaited, [new TripApproved(TripId, UnitHead, 1, 1, Now)]).Should().BeFalse();
        TripNotices.StillWaiting(AutoApproved, []).Should().BeFalse();
    }
}
