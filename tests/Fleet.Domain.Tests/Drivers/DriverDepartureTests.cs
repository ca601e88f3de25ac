using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Drivers.TestDriver;

namespace Fleet.Domain.Tests.Drivers;

public class DriverDepartureTests
{
    [Fact]
    public void An_active_driver_leaves_service_with_the_reason()
    {
        DriverDeparture.Leave(new RecordDriverDepartureForm("退休"), Active, Now)
            .ShouldAccept(new DriverLeftService(Id, "退休", Now));
    }

    [Fact]
    public void A_suspended_driver_can_leave_service()
    {
        DriverDeparture.Leave(new RecordDriverDepartureForm("辞职"), Suspended, Now).ShouldAccept(new DriverLeftService(Id, "辞职", Now));
    }

    [Fact]
    public void Leaving_service_needs_a_reason()
    {
        DriverDeparture.Leave(new RecordDriverDepartureForm(null), Active, Now)
            .ShouldRefuse("validation.required", ProblemKind.Invalid).Field.Should().Be("reason");
    }

    private static readonly IReadOnlyDictionary<string, Func<Driver, Decision>> Changes = new Dictionary<string, Func<Driver, Decision>>
    {
        ["renew licence"] = d => DriverLicence.Renew(new RenewDriverLicenceForm(["B1"], "2036-05-01"), d, Shanghai, Now),
        ["transfer"] = d => DriverTransfer.Transfer(new TransferDriverForm("420106", "岗位调整"), d, Now),
        ["schedule leave"] = d => DriverLeave.Schedule(
            new ScheduleDriverLeaveForm(Now + Duration.FromDays(7), Now + Duration.FromDays(8), "Annual", null), d, Guid.CreateVersion7(), Shanghai, Now),
        ["cancel leave"] = d => DriverLeave.Cancel(new CancelDriverLeaveForm("工作需要"), d, d.Leave[0].LeaveId, Now),
        ["suspend"] = d => DriverSuspension.Suspend(new SuspendDriverForm("酒驾"), d, Now),
        ["reinstate"] = d => DriverSuspension.Reinstate(new ReinstateDriverForm("调查结束"), d, Now),
        ["leave service"] = d => DriverDeparture.Leave(new RecordDriverDepartureForm("退休"), d, Now),
    };

    public static TheoryData<string> EveryChange => new(Changes.Keys);

    [Theory]
    [MemberData(nameof(EveryChange))]
    public void Nothing_changes_after_a_driver_left_service(string change)
    {
        var left = Active
            .When(new DriverLeaveScheduled(Id, Guid.CreateVersion7(), Between(Now, Now + Duration.FromDays(1)), LeaveKind.Annual, null, Now))
            .When(new DriverSuspended(Id, "交通事故调查中", Now))
            .When(new DriverLeftService(Id, "退休", Now));

        Changes[change](left).ShouldRefuse("driver.left_service", ProblemKind.Conflict)
            .FormattedMessage.Should().Be("张伟 has left service: the record can be read but no longer changed.", because: change);
    }

    [Fact]
    public void Left_service_is_reported_instead_of_the_problems_of_the_input()
    {
        DriverDeparture.Leave(new RecordDriverDepartureForm(null), Left, Now)
            .ShouldRefuse("driver.left_service", ProblemKind.Conflict);
    }
}
