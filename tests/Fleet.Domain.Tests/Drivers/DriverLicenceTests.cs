using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Drivers;

public class DriverLicenceTests
{
    private static readonly Instant Now = TestDriver.Now;
    private static readonly DateTimeZone Shanghai = TestDriver.Shanghai;

    [Fact]
    public void A_renewal_running_past_the_current_licence_is_recorded_with_all_its_classes()
    {
        DriverLicence.Renew(new RenewDriverLicenceForm(["B1", "c1"], "2036-05-01"), TestDriver.Active, Shanghai, Now)
            .ShouldAccept(new DriverLicenceRenewed(
            TestDriver.Id, [LicenceClass.B1, LicenceClass.C1], new LocalDate(2036, 5, 1), Now));
    }

    [Fact]
    public void A_licence_to_the_last_day_of_the_calendar_never_expires()
    {
        var decision = DriverLicence.Renew(new RenewDriverLicenceForm(["C1"], "9999-12-31"), TestDriver.Active, Shanghai, Now);

        decision.ShouldAccept(new DriverLicenceRenewed(TestDriver.Id, [LicenceClass.C1], new LocalDate(9999, 12, 31), Now));
        var renewed = (DriverLicenceRenewed)decision.Events[0];
        DriverLicence.ValidUntil(renewed.LicenceExpiresOn, Shanghai).Should().Be(Instant.MaxValue);
        DriverLicence.IsExpired(renewed.LicenceExpiresOn, Shanghai, Now).Should().BeFalse();
    }

    [Fact]
    public void A_renewal_may_drop_classes()
    {
        DriverLicence.Renew(new RenewDriverLicenceForm(["C1"], "2036-05-01"), TestDriver.Active, Shanghai, Now)
            .ShouldAccept(new DriverLicenceRenewed(TestDriver.Id, [LicenceClass.C1], new LocalDate(2036, 5, 1), Now));
    }

    [Fact]
    public void A_suspended_driver_can_renew()
    {
        DriverLicence.Renew(new RenewDriverLicenceForm(["B1"], "2036-05-01"), TestDriver.Suspended, Shanghai, Now)
            .ShouldAccept(new DriverLicenceRenewed(TestDriver.Id, [LicenceClass.B1], new LocalDate(2036, 5, 1), Now));
    }

    [Theory]
    [InlineData("2030-05-01")]
    [InlineData("2029-05-01")]
    public void The_new_expiry_must_be_after_the_current_one(string expiresOn)
    {
        var problem = DriverLicence.Renew(new RenewDriverLicenceForm(["B1"], expiresOn), TestDriver.Active, Shanghai, Now)
            .ShouldRefuse("driver.licence_expiry_not_later", ProblemKind.Invalid);

        problem.Field.Should().Be("licenceExpiresOn");
        problem.FormattedMessage.Should().Be(
            $"A renewed licence expires after the current one, which runs until 2030-05-01; {expiresOn} was given.");
    }

    [Fact]
    public void A_renewal_that_has_itself_expired_is_refused()
    {
        var lapsed = TestDriver.Active.When(new DriverLicenceRenewed(TestDriver.Id, [LicenceClass.B1], new LocalDate(2025, 1, 1), Now));

        DriverLicence.Renew(new RenewDriverLicenceForm(["B1"], "2026-11-01"), lapsed, Shanghai, Now)
            .ShouldRefuse("driver.licence_expired", ProblemKind.Invalid);
        DriverLicence.Renew(new RenewDriverLicenceForm(["B1"], "2026-11-02"), lapsed, Shanghai, Now)
            .ShouldAccept(new DriverLicenceRenewed(lapsed.Id, [LicenceClass.B1], new LocalDate(2026, 11, 2), Now));
    }

    [Fact]
    public void Classes_and_date_are_checked_as_on_registration()
    {
        var decision = DriverLicence.Renew(new RenewDriverLicenceForm(["Z9"], "2036-13-01"), TestDriver.Active, Shanghai, Now);

        decision.Problems.Select(p => p.Code).Should().BeEquivalentTo("driver.licence_class_invalid", "driver.licence_expiry_invalid");
    }

    [Fact]
    public void Classes_and_date_are_required()
    {
        var decision = DriverLicence.Renew(new RenewDriverLicenceForm(null, null), TestDriver.Active, Shanghai, Now);

        decision.Problems.Select(p => p.Field).Should().BeEquivalentTo("licenceClasses", "licenceExpiresOn");
        decision.Problems.Should().OnlyContain(p => p.Code == "validation.required");
    }

    [Fact]
    public void A_licence_is_valid_through_its_whole_local_expiry_day()
    {
        var expiresOn = new LocalDate(2026, 11, 2);
        var localMidnight = Instant.FromUtc(2026, 11, 2, 16, 0);

        DriverLicence.ValidUntil(expiresOn, Shanghai).Should().Be(localMidnight);
        DriverLicence.IsExpired(expiresOn, Shanghai, localMidnight - Duration.Epsilon).Should().BeFalse();
        DriverLicence.IsExpired(expiresOn, Shanghai, localMidnight).Should().BeTrue();
    }
}
