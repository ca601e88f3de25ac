using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using FluentAssertions;
using Xunit;
using static Fleet.Domain.Tests.Drivers.TestDriver;

namespace Fleet.Domain.Tests.Drivers;

public class DriverPhoneTests
{
    [Fact]
    public void A_new_mobile_is_recorded_in_normal_form_and_becomes_the_drivers_number()
    {
        var decision = DriverPhone.Record(new RecordDriverPhoneForm("+86 139-0713-5566"), Active, Now);

        decision.ShouldAccept(new DriverPhoneRecorded(Id, "13907135566", Now));
        decision.Events.Aggregate(Active, (d, e) => d.Evolve(e)).Mobile.Should().Be("13907135566");
    }

    [Fact]
    public void A_suspended_driver_can_still_be_given_a_number()
    {
        DriverPhone.Record(new RecordDriverPhoneForm("13907135566"), Suspended, Now).ShouldAcceptOne<DriverPhoneRecorded>();
    }

    [Theory]
    [InlineData("", "validation.required")]
    [InlineData("1380013800", "validation.phone_invalid")]
    [InlineData("027-87654321", "driver.phone_not_mobile")]
    public void A_driver_is_called_on_a_mobile(string typed, string code)
    {
        DriverPhone.Record(new RecordDriverPhoneForm(typed), Active, Now).ShouldRefuseWith(("phone", code));
    }

    [Fact]
    public void The_number_already_on_file_changes_nothing()
    {
        DriverPhone.Record(new RecordDriverPhoneForm("138 0013 8000"), Active, Now).ShouldRefuse("driver.phone_unchanged", ProblemKind.Conflict);
    }

    [Fact]
    public void A_driver_who_left_keeps_the_number_they_had()
    {
        DriverPhone.Record(new RecordDriverPhoneForm("13907135566"), Left, Now).ShouldRefuse("driver.left_service", ProblemKind.Conflict);
    }
}
