using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Drivers;

public class DriverRegistrationTests
{
    private static readonly DateTimeZone Shanghai = TestDriver.Shanghai;
    private static readonly Guid DriverId = Guid.CreateVersion7();

    private static readonly RegisterDriverForm ValidForm =
        new(" 张伟 ", "420102", ["c1", "B1"], "420102 19850304 123x", "2030-05-01", "138 0013 8000");

    [Fact]
    public void A_complete_form_registers_the_driver_with_normalised_fields()
    {
        var (particulars, problems) = DriverRegistration.Validate(ValidForm);
        problems.Should().BeEmpty();

        DriverRegistration.Decide(particulars!, DriverId, Shanghai, TestDriver.Now)
            .ShouldAccept(new DriverRegistered(
            DriverId, "张伟", "420102", [LicenceClass.B1, LicenceClass.C1], "42010219850304123X",
            new LocalDate(2030, 5, 1), "13800138000", TestDriver.Now));
    }

    [Fact]
    public void Chinese_terms_of_the_licence_rules_are_accepted_and_repeats_dropped()
    {
        var (particulars, problems) = DriverRegistration.Validate(
            ValidForm with { LicenceClasses = ["大型客车", "A1", "a1", "小型自动挡汽车"] });

        problems.Should().BeEmpty();
        particulars!.LicenceClasses.Should().Equal(LicenceClass.A1, LicenceClass.C2);
    }

    [Fact]
    public void Mobile_is_optional()
    {
        var (particulars, problems) = DriverRegistration.Validate(ValidForm with { Mobile = "  " });

        problems.Should().BeEmpty();
        particulars!.Mobile.Should().BeNull();
    }

    [Theory]
    [InlineData("+86 138-0013-8000")]
    [InlineData("１３８００１３８０００")]
    public void Mobile_numbers_are_kept_as_eleven_digits(string typed)
    {
        var (particulars, _) = DriverRegistration.Validate(ValidForm with { Mobile = typed });

        particulars!.Mobile.Should().Be("13800138000");
    }

    [Theory]
    [InlineData("420102198503041234")]
    [InlineData("A12345678901")]
    [InlineData("ＡＢ1234567890")]
    public void Licence_numbers_of_twelve_to_eighteen_letters_and_digits_are_accepted(string typed)
    {
        var (_, problems) = DriverRegistration.Validate(ValidForm with { LicenceNumber = typed });

        problems.Should().BeEmpty();
    }

    [Fact]
    public void Names_count_rare_characters_as_one()
    {
        // U+20000 lies outside the basic plane: two UTF-16 units, one character.
        var fifty = string.Concat(Enumerable.Repeat("\U00020000", 50));

        DriverRegistration.Validate(ValidForm with { Name = fifty }).Problems.Should().BeEmpty();
        DriverRegistration.Validate(ValidForm with { Name = fifty + "张" }).Problems.Should().ContainSingle()
            .Which.Code.Should().Be("validation.too_long");
    }

    public static TheoryData<RegisterDriverForm, string, string> InvalidForms => new()
    {
        { ValidForm with { Name = null }, "name", "validation.required" },
        { ValidForm with { Name = "   " }, "name", "validation.required" },
        { ValidForm with { Name = new string('张', 51) }, "name", "validation.too_long" },
        { ValidForm with { Pool = null }, "pool", "validation.required" },
        { ValidForm with { Pool = "Wuhan" }, "pool", "driver.pool_invalid" },
        { ValidForm with { Pool = "420000" }, "pool", "driver.pool_invalid" },
        { ValidForm with { LicenceClasses = null }, "licenceClasses", "validation.required" },
        { ValidForm with { LicenceClasses = [] }, "licenceClasses", "validation.required" },
        { ValidForm with { LicenceClasses = ["", " "] }, "licenceClasses", "validation.required" },
        { ValidForm with { LicenceClasses = ["C1", "Z9"] }, "licenceClasses", "driver.licence_class_invalid" },
        { ValidForm with { LicenceClasses = ["C3"] }, "licenceClasses", "driver.licence_class_invalid" },
        { ValidForm with { LicenceClasses = ["1"] }, "licenceClasses", "driver.licence_class_invalid" },
        { ValidForm with { LicenceClasses = ["A1,B1"] }, "licenceClasses", "driver.licence_class_invalid" },
        { ValidForm with { LicenceNumber = null }, "licenceNumber", "validation.required" },
        { ValidForm with { LicenceNumber = "12345678901" }, "licenceNumber", "driver.licence_number_invalid" },
        { ValidForm with { LicenceNumber = "4201021985030412345" }, "licenceNumber", "driver.licence_number_invalid" },
        { ValidForm with { LicenceNumber = "420102-1985030412" }, "licenceNumber", "driver.licence_number_invalid" },
        { ValidForm with { LicenceExpiresOn = null }, "licenceExpiresOn", "validation.required" },
        { ValidForm with { LicenceExpiresOn = "2030-02-30" }, "licenceExpiresOn", "driver.licence_expiry_invalid" },
        { ValidForm with { LicenceExpiresOn = "next year" }, "licenceExpiresOn", "driver.licence_expiry_invalid" },
        { ValidForm with { Mobile = "1380013800" }, "mobile", "driver.mobile_invalid" },
        { ValidForm with { Mobile = "23800138000" }, "mobile", "driver.mobile_invalid" },
        { ValidForm with { Mobile = "1380013800a" }, "mobile", "driver.mobile_invalid" },
    };

    [Theory]
    [MemberData(nameof(InvalidForms))]
    public void Each_invalid_field_is_named_with_its_code(RegisterDriverForm form, string field, string code)
    {
        var (particulars, problems) = DriverRegistration.Validate(form);

        particulars.Should().BeNull();
        problems.Should().ContainSingle().Which.Should().Match<Problem>(p =>
            p.Kind == ProblemKind.Invalid && p.Field == field && p.Code == code);
    }

    [Fact]
    public void Every_unknown_licence_class_is_reported()
    {
        var (_, problems) = DriverRegistration.Validate(ValidForm with { LicenceClasses = ["X", "C1", "Y"] });

        problems.Select(p => p.Args[0]).Should().Equal("X", "Y");
        problems.Should().OnlyContain(p => p.Code == "driver.licence_class_invalid");
    }

    [Fact]
    public void Every_problem_of_an_empty_form_is_reported_at_once()
    {
        var (_, problems) = DriverRegistration.Validate(new RegisterDriverForm(null, null, null, null, null, null));

        problems.Select(p => p.Field).Should().BeEquivalentTo("name", "pool", "licenceClasses", "licenceNumber", "licenceExpiresOn");
        problems.Should().OnlyContain(p => p.Code == "validation.required");
    }

    [Fact]
    public void The_licence_number_is_not_echoed_back()
    {
        var (_, problems) = DriverRegistration.Validate(ValidForm with { LicenceNumber = "42010219850304" + "12345" });

        problems.Single().FormattedMessage.Should().NotContain("4201021985030412345");
    }

    [Fact]
    public void Hostile_input_is_not_echoed_back_at_length()
    {
        var (_, problems) = DriverRegistration.Validate(ValidForm with { Pool = new string('x', 100_000) });

        problems.Single().FormattedMessage.Length.Should().BeLessThan(400);
    }

    [Fact]
    public void A_licence_that_expires_today_still_registers()
    {
        var (particulars, _) = DriverRegistration.Validate(ValidForm with { LicenceExpiresOn = "2026-11-02" });

        DriverRegistration.Decide(particulars!, DriverId, Shanghai, TestDriver.Now).ShouldAccept(new DriverRegistered(
            DriverId, "张伟", "420102", [LicenceClass.B1, LicenceClass.C1], "42010219850304123X", new LocalDate(2026, 11, 2), "13800138000", TestDriver.Now));
    }

    [Fact]
    public void An_expired_licence_is_refused()
    {
        var (particulars, _) = DriverRegistration.Validate(ValidForm with { LicenceExpiresOn = "2026-11-01" });

        var problem = DriverRegistration.Decide(particulars!, DriverId, Shanghai, TestDriver.Now)
            .ShouldRefuse("driver.licence_expired", ProblemKind.Invalid);

        problem.Field.Should().Be("licenceExpiresOn");
        problem.FormattedMessage.Should().Be("The licence expired on 2026-11-01: a driver needs a valid licence.");
    }

    [Fact]
    public void Expiry_is_judged_by_the_local_date_in_Shanghai_not_by_UTC()
    {
        var (particulars, _) = DriverRegistration.Validate(ValidForm with { LicenceExpiresOn = "2026-11-02" });
        var localMidnight = Instant.FromUtc(2026, 11, 2, 16, 0);

        // 23:59 local on the expiry day, 15:59 UTC: still valid.
        DriverRegistration.Decide(particulars!, DriverId, Shanghai, localMidnight - Duration.FromMinutes(1)).ShouldAccept(new DriverRegistered(
            DriverId, "张伟", "420102", [LicenceClass.B1, LicenceClass.C1], "42010219850304123X", new LocalDate(2026, 11, 2), "13800138000",
            localMidnight - Duration.FromMinutes(1)));
        // Midnight local, when UTC still shows 2 November: expired.
        DriverRegistration.Decide(particulars!, DriverId, Shanghai, localMidnight)
            .ShouldRefuse("driver.licence_expired", ProblemKind.Invalid);
    }
}
