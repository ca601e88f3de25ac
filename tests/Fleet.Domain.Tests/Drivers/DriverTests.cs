using Fleet.Domain.Drivers;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Drivers;

public class DriverTests
{
    private static readonly Guid Id = TestDriver.Id;
    private static readonly Instant Now = TestDriver.Now;

    [Fact]
    public void Registration_creates_an_active_driver_without_leave()
    {
        var driver = Driver.From(TestDriver.Registration);

        driver.Should().BeEquivalentTo(new
        {
            Id,
            Name = "张伟",
            Pool = "420102",
            LicenceClasses = new[] { LicenceClass.B1 },
            LicenceNumber = "420102198503041234",
            LicenceExpiresOn = new LocalDate(2030, 5, 1),
            Mobile = "13800138000",
            Status = DriverStatus.Active,
            Leave = Array.Empty<LeaveWindow>(),
            SuspensionReason = (string?)null,
        });
    }

    [Fact]
    public void A_renewal_replaces_classes_and_expiry()
    {
        var driver = TestDriver.Active.When(new DriverLicenceRenewed(Id, [LicenceClass.C1], new LocalDate(2036, 5, 1), Now));

        driver.LicenceClasses.Should().Equal(LicenceClass.C1);
        driver.LicenceExpiresOn.Should().Be(new LocalDate(2036, 5, 1));
    }

    [Fact]
    public void A_transfer_moves_the_driver_to_the_new_pool()
    {
        TestDriver.Active.When(new DriverTransferred(Id, "420102", "420106", "岗位调整", Now))
            .Pool.Should().Be("420106");
    }

    [Fact]
    public void Cancelling_a_leave_marks_it_and_keeps_the_others()
    {
        var first = Guid.CreateVersion7();
        var second = Guid.CreateVersion7();
        var period = new Interval(Now, Now + Duration.FromDays(2));

        var driver = TestDriver.Active
            .When(new DriverLeaveScheduled(Id, first, period, LeaveKind.Annual, null, Now))
            .When(new DriverLeaveScheduled(Id, second, period, LeaveKind.Training, "驾驶员安全培训", Now))
            .When(new DriverLeaveCancelled(Id, first, "工作需要", Now));

        driver.Leave.Should().Equal(
            new LeaveWindow(first, period, LeaveKind.Annual, Cancelled: true),
            new LeaveWindow(second, period, LeaveKind.Training, Cancelled: false));
        driver.FindLeave(second)!.Cancelled.Should().BeFalse();
        driver.FindLeave(Guid.CreateVersion7()).Should().BeNull();
    }

    [Fact]
    public void Suspension_and_reinstatement_switch_the_status_and_the_reason()
    {
        var suspended = TestDriver.Active.When(new DriverSuspended(Id, "交通事故调查中", Now));
        suspended.Status.Should().Be(DriverStatus.Suspended);
        suspended.SuspensionReason.Should().Be("交通事故调查中");

        var reinstated = suspended.When(new DriverReinstated(Id, "调查结束，无责任", Now));
        reinstated.Status.Should().Be(DriverStatus.Active);
        reinstated.SuspensionReason.Should().BeNull();
    }

    [Fact]
    public void Leaving_service_is_final_and_ends_a_suspension()
    {
        var left = TestDriver.Suspended.When(new DriverLeftService(Id, "退休", Now));

        left.Status.Should().Be(DriverStatus.Left);
        left.SuspensionReason.Should().BeNull();
    }

    [Fact]
    public void Applying_an_event_returns_a_new_driver_and_leaves_the_old_one_alone()
    {
        var before = TestDriver.Active;

        var after = before.When(new DriverLeaveScheduled(Id, Guid.CreateVersion7(), new Interval(Now, Now + Duration.FromHours(8)),
            LeaveKind.Sick, null, Now));

        after.Should().NotBeSameAs(before);
        before.Leave.Should().BeEmpty();
        after.Leave.Should().ContainSingle();
    }
}
