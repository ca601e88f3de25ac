using Fleet.Domain.Common;
using FluentAssertions;
using Xunit;

namespace Fleet.Domain.Tests.Common;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("138 0013 8000", "13800138000")]
    [InlineData("138-0013-8000", "13800138000")]
    [InlineData("+86 138 0013 8000", "13800138000")]
    [InlineData("0086-13800138000", "13800138000")]
    [InlineData("８６１３９０７１３５５６６", "13907135566")]
    [InlineData(" 199 2718 0001 ", "19927180001")]
    public void A_mainland_mobile_is_kept_as_its_eleven_digits(string typed, string stored)
    {
        var number = PhoneNumber.Parse(typed);

        number.Should().NotBeNull();
        number!.Text.Should().Be(stored);
        number.IsMobile.Should().BeTrue();
    }

    [Theory]
    [InlineData("027-87654321", "027-87654321")]
    [InlineData("02787654321", "027-87654321")]
    [InlineData("(027) 8765 4321", "027-87654321")]
    [InlineData("（027）87654321", "027-87654321")]
    [InlineData("010 6512 3456", "010-65123456")]
    [InlineData("027-8765-4321", "027-87654321")]
    [InlineData("0755-2345678", "0755-2345678")]
    [InlineData("07552345678", "0755-2345678")]
    [InlineData("027-87654321-801", "027-87654321-801")]
    [InlineData("027-87654321转801", "027-87654321-801")]
    [InlineData("027 8765 4321 ext. 12", "027-87654321-12")]
    [InlineData("027－87654321", "027-87654321")]
    public void A_landline_is_kept_as_area_code_number_and_extension(string typed, string stored)
    {
        var number = PhoneNumber.Parse(typed);

        number.Should().NotBeNull();
        number!.Text.Should().Be(stored);
        number.IsMobile.Should().BeFalse();
    }

    [Theory]
    [InlineData("12345678901")] // no mobile network begins 12
    [InlineData("1380013800")] // ten digits
    [InlineData("138001380001")] // twelve digits
    [InlineData("87654321")] // a landline without its area code
    [InlineData("027-0765432")] // local numbers do not begin with 0
    [InlineData("027-123456")] // too short
    [InlineData("027-123456789")] // too long
    [InlineData("13800138000转8")] // a mobile has no extension
    [InlineData("027-87654321-1234567")] // an extension of seven digits
    [InlineData("0027-87654321")]
    [InlineData("王芳")]
    [InlineData("138OO138OOO")]
    [InlineData("027-8765432a")]
    public void What_cannot_be_dialled_is_no_number(string typed)
    {
        PhoneNumber.Parse(typed).Should().BeNull();
    }

    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("027-87654321", "02787654321")]
    [InlineData("027-87654321-801", "02787654321,801")]
    public void A_link_dials_the_digits_and_an_extension_after_a_pause(string stored, string dialled)
    {
        PhoneNumber.Dialled(stored).Should().Be(dialled);
    }

    [Fact]
    public void A_bad_number_is_reported_on_its_field_and_a_blank_one_only_when_required()
    {
        var problems = new List<Problem>();

        PhoneRules.Check("12345", "contactPhone", required: false, problems).Should().BeNull();
        PhoneRules.Check("  ", "contactPhone", required: false, problems).Should().BeNull();
        PhoneRules.Check(null, "phone", required: true, problems).Should().BeNull();

        problems.Select(p => (p.Field, p.Code)).Should().Equal(("contactPhone", "validation.phone_invalid"), ("phone", "validation.required"));
        problems[0].FormattedMessage.Should().Contain("'12345'").And.Contain("contactPhone");
    }
}
