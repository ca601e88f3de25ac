using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using FluentAssertions;
using Xunit;

namespace Fleet.Domain.Tests.Drivers;

public class DriverTransferTests
{
    [Fact]
    public void A_transfer_to_another_pool_records_both_pools_and_the_reason()
    {
        DriverTransfer.Transfer(new TransferDriverForm(" 420106 ", " 岗位调整 "), TestDriver.Active, TestDriver.Now)
            .ShouldAccept(new DriverTransferred(TestDriver.Id, "420102", "420106", "岗位调整", TestDriver.Now));
    }

    [Fact]
    public void A_transfer_to_the_drivers_own_pool_is_refused()
    {
        var problem = DriverTransfer.Transfer(new TransferDriverForm("420102", "岗位调整"), TestDriver.Active, TestDriver.Now)
            .ShouldRefuse("driver.same_pool", ProblemKind.Invalid);

        problem.Field.Should().Be("toPool");
    }

    public static TheoryData<TransferDriverForm, string, string> InvalidCommands => new()
    {
        { new TransferDriverForm(null, "岗位调整"), "toPool", "validation.required" },
        { new TransferDriverForm("Hanyang", "岗位调整"), "toPool", "driver.pool_invalid" },
        { new TransferDriverForm("420106", null), "reason", "validation.required" },
        { new TransferDriverForm("420106", " "), "reason", "validation.required" },
        { new TransferDriverForm("420106", new string('因', 201)), "reason", "validation.too_long" },
    };

    [Theory]
    [MemberData(nameof(InvalidCommands))]
    public void Pool_and_reason_are_checked(TransferDriverForm command, string field, string code)
    {
        var problem = DriverTransfer.Transfer(command, TestDriver.Active, TestDriver.Now)
            .ShouldRefuse(code, ProblemKind.Invalid);

        problem.Field.Should().Be(field);
    }

    [Fact]
    public void Both_missing_fields_are_reported_at_once()
    {
        DriverTransfer.Transfer(new TransferDriverForm(null, null), TestDriver.Active, TestDriver.Now)
            .Problems.Select(p => p.Field).Should().BeEquivalentTo("toPool", "reason");
    }
}
