using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using FluentAssertions;
using Xunit;
using static Fleet.Domain.Tests.Drivers.TestDriver;

namespace Fleet.Domain.Tests.Drivers;

public class DriverSuspensionTests
{
    [Fact]
    public void An_active_driver_is_suspended_with_the_reason()
    {
        DriverSuspension.Suspend(new SuspendDriverForm(" 交通事故调查中 "), Active, Now)
            .ShouldAccept(new DriverSuspended(Id, "交通事故调查中", Now));
    }

    [Fact]
    public void A_suspension_needs_a_reason()
    {
        DriverSuspension.Suspend(new SuspendDriverForm("  "), Active, Now)
            .ShouldRefuse("validation.required", ProblemKind.Invalid).Field.Should().Be("reason");
    }

    [Fact]
    public void Suspending_twice_is_a_conflict_that_quotes_the_first_reason()
    {
        DriverSuspension.Suspend(new SuspendDriverForm("酒驾"), Suspended, Now)
            .ShouldRefuse("driver.already_suspended", ProblemKind.Conflict)
            .FormattedMessage.Should().Be("张伟 is already suspended (reason: 交通事故调查中); to give another reason, reinstate the driver and suspend again.");
    }

    [Fact]
    public void A_suspended_driver_is_reinstated_with_the_reason()
    {
        DriverSuspension.Reinstate(new ReinstateDriverForm("调查结束，无责任"), Suspended, Now)
            .ShouldAccept(new DriverReinstated(Id, "调查结束，无责任", Now));
    }

    [Fact]
    public void Reinstating_needs_a_reason()
    {
        DriverSuspension.Reinstate(new ReinstateDriverForm(null), Suspended, Now)
            .ShouldRefuse("validation.required", ProblemKind.Invalid).Field.Should().Be("reason");
    }

    [Fact]
    public void Only_a_suspended_driver_can_be_reinstated()
    {
        DriverSuspension.Reinstate(new ReinstateDriverForm("调查结束"), Active, Now)
            .ShouldRefuse("driver.not_suspended", ProblemKind.Conflict);
    }
}
