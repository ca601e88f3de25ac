using Fleet.Domain.Drivers;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Drivers.TestDriver;

namespace Fleet.Domain.Tests.Drivers;

public class DriverAvailabilityTests
{
    private static readonly Guid LeaveId = Guid.CreateVersion7();

    /// <summary>A morning trip on Wednesday 4 November, 08:00–12:00 local.</summary>
    private static readonly Interval MorningTrip = Between(Local(2026, 11, 4, 8), Local(2026, 11, 4, 12));

    private static Driver WithLeave(Interval period, LeaveKind kind = LeaveKind.Annual, Guid? leaveId = null) =>
        Active.When(new DriverLeaveScheduled(Id, leaveId ?? LeaveId, period, kind, null, Now));

    private static Driver WithLicenceUntil(LocalDate expiresOn) =>
        Active.When(new DriverLicenceRenewed(Id, [LicenceClass.B1], expiresOn, Now));

    [Fact]
    public void An_active_driver_with_a_valid_licence_and_no_leave_is_available()
    {
        DriverAvailability.Check(Active, MorningTrip, Shanghai).Should().BeEmpty();
    }

    [Fact]
    public void A_driver_who_left_service_is_unavailable()
    {
        DriverAvailability.Check(Left, MorningTrip, Shanghai)
            .Should().Equal(new DriverUnavailability(DriverUnavailableReason.LeftService));
    }

    [Fact]
    public void A_suspended_driver_is_unavailable_with_the_reason()
    {
        DriverAvailability.Check(Suspended, MorningTrip, Shanghai)
            .Should().Equal(new DriverUnavailability(DriverUnavailableReason.Suspended, SuspensionReason: "交通事故调查中"));
    }

    [Fact]
    public void A_leave_during_the_trip_makes_the_driver_unavailable_with_the_leave()
    {
        var period = Between(Local(2026, 11, 3), Local(2026, 11, 5));

        DriverAvailability.Check(WithLeave(period), MorningTrip, Shanghai).Should().Equal(new DriverUnavailability(
            DriverUnavailableReason.OnLeave, Leave: new LeaveWindow(LeaveId, period, LeaveKind.Annual, Cancelled: false)));
    }

    [Fact]
    public void A_leave_ending_exactly_when_the_trip_starts_does_not_block()
    {
        DriverAvailability.Check(WithLeave(Between(Local(2026, 11, 4), Local(2026, 11, 4, 8))), MorningTrip, Shanghai)
            .Should().BeEmpty();
    }

    [Fact]
    public void A_leave_starting_exactly_when_the_trip_ends_does_not_block()
    {
        DriverAvailability.Check(WithLeave(Between(Local(2026, 11, 4, 12), Local(2026, 11, 5))), MorningTrip, Shanghai)
            .Should().BeEmpty();
    }

    [Fact]
    public void A_leave_overlapping_the_trip_by_one_minute_blocks()
    {
        DriverAvailability.Check(WithLeave(Between(Local(2026, 11, 4), Local(2026, 11, 4, 8, 1))), MorningTrip, Shanghai)
            .Should().ContainSingle().Which.Reason.Should().Be(DriverUnavailableReason.OnLeave);
    }

    [Fact]
    public void A_half_day_of_training_inside_the_trip_blocks()
    {
        DriverAvailability.Check(WithLeave(Between(Local(2026, 11, 4, 9), Local(2026, 11, 4, 11)), LeaveKind.Training), MorningTrip, Shanghai)
            .Should().ContainSingle().Which.Leave!.Kind.Should().Be(LeaveKind.Training);
    }

    [Fact]
    public void A_cancelled_leave_does_not_block()
    {
        var driver = WithLeave(Between(Local(2026, 11, 3), Local(2026, 11, 5)))
            .When(new DriverLeaveCancelled(Id, LeaveId, "工作需要", Now));

        DriverAvailability.Check(driver, MorningTrip, Shanghai).Should().BeEmpty();
    }

    [Fact]
    public void Each_blocking_leave_is_listed_in_order()
    {
        var training = Guid.CreateVersion7();
        var driver = WithLeave(Between(Local(2026, 11, 4, 10), Local(2026, 11, 5)), LeaveKind.Sick)
            .When(new DriverLeaveScheduled(Id, training, Between(Local(2026, 11, 4, 8), Local(2026, 11, 4, 10)), LeaveKind.Training, null, Now));

        DriverAvailability.Check(driver, MorningTrip, Shanghai).Select(u => u.Leave!.Kind)
            .Should().Equal(LeaveKind.Training, LeaveKind.Sick);
    }

    [Fact]
    public void A_licence_valid_until_a_date_covers_the_whole_local_day()
    {
        // Local midnight at the end of 2 November is 16:00 UTC on 2 November.
        var driver = WithLicenceUntil(new LocalDate(2026, 11, 2));
        var lateTrip = Between(Local(2026, 11, 2, 20), Instant.FromUtc(2026, 11, 2, 16, 0));

        DriverAvailability.Check(driver, lateTrip, Shanghai).Should().BeEmpty();
    }

    [Fact]
    public void A_trip_running_past_local_midnight_of_the_expiry_day_is_refused_with_the_date()
    {
        var driver = WithLicenceUntil(new LocalDate(2026, 11, 2));
        var lateTrip = Between(Local(2026, 11, 2, 20), Instant.FromUtc(2026, 11, 2, 16, 1));

        DriverAvailability.Check(driver, lateTrip, Shanghai).Should().Equal(new DriverUnavailability(
            DriverUnavailableReason.LicenceExpired, LicenceExpiresOn: new LocalDate(2026, 11, 2)));
    }

    [Fact]
    public void The_expiry_day_is_the_local_day_not_the_UTC_day()
    {
        // 00:30 local on 3 November is still 2 November in UTC, but the licence ran out at local midnight.
        var driver = WithLicenceUntil(new LocalDate(2026, 11, 2));
        var earlyTrip = Between(Instant.FromUtc(2026, 11, 2, 16, 30), Instant.FromUtc(2026, 11, 2, 17, 30));

        DriverAvailability.Check(driver, earlyTrip, Shanghai)
            .Should().ContainSingle().Which.Reason.Should().Be(DriverUnavailableReason.LicenceExpired);
    }

    [Fact]
    public void An_open_ended_request_outlasts_any_licence()
    {
        DriverAvailability.Check(Active, new Interval(Now, null), Shanghai)
            .Should().ContainSingle().Which.Reason.Should().Be(DriverUnavailableReason.LicenceExpired);
    }

    [Fact]
    public void Every_reason_that_applies_is_reported()
    {
        var period = Between(Local(2026, 11, 3), Local(2026, 11, 5));
        var driver = WithLicenceUntil(new LocalDate(2026, 11, 3))
            .When(new DriverLeaveScheduled(Id, LeaveId, period, LeaveKind.Sick, null, Now))
            .When(new DriverSuspended(Id, "交通事故调查中", Now));

        DriverAvailability.Check(driver, MorningTrip, Shanghai).Select(u => u.Reason).Should().Equal(
            DriverUnavailableReason.Suspended, DriverUnavailableReason.OnLeave, DriverUnavailableReason.LicenceExpired);
    }

    [Theory]
    [InlineData(VehicleClass.Sedan, 5, true)]
    [InlineData(VehicleClass.Minibus, 19, true)]
    [InlineData(VehicleClass.Bus, 33, false)]
    [InlineData(VehicleClass.Special, 5, false)]
    public void CanDrive_follows_the_licence_classes_of_the_driver(VehicleClass vehicleClass, int seats, bool canDrive)
    {
        DriverAvailability.CanDrive(Active, vehicleClass, seats).Should().Be(canDrive);
    }
}
