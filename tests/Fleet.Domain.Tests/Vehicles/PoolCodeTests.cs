using Fleet.Domain.Vehicles;
using FluentAssertions;
using Xunit;

namespace Fleet.Domain.Tests.Vehicles;

public class PoolCodeTests
{
    [Theory]
    [InlineData("420100")]
    [InlineData("420102")]
    [InlineData(" 110105 ")]
    public void Accepts_city_and_district_division_codes(string input)
    {
        PoolCode.TryParse(input, out var code).Should().BeTrue();
        code.Value.Should().Be(input.Trim());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("42010")]
    [InlineData("4201022")]
    [InlineData("420000")] // a province runs no pool of its own
    [InlineData("020102")]
    [InlineData("9201A2")]
    [InlineData("４２０１０２")]
    public void Refuses_what_is_not_a_division_code(string? input)
    {
        PoolCode.TryParse(input, out _).Should().BeFalse();
    }
}
