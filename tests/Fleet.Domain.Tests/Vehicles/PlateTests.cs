using Fleet.Domain.Vehicles;
using FluentAssertions;
using Xunit;

namespace Fleet.Domain.Tests.Vehicles;

public class PlateTests
{
    [Theory]
    [InlineData("鄂A·C1234", "鄂A·C1234", PlateKind.Ordinary)]
    [InlineData("鄂AC1234", "鄂A·C1234", PlateKind.Ordinary)]
    [InlineData(" 鄂a c1234 ", "鄂A·C1234", PlateKind.Ordinary)]
    [InlineData("京B12345", "京B·12345", PlateKind.Ordinary)]
    [InlineData("粤Ｂ１２３４５", "粤B·12345", PlateKind.Ordinary)]
    [InlineData("沪A-AB123", "沪A·AB123", PlateKind.Ordinary)]
    [InlineData("鄂A·D12345", "鄂A·D12345", PlateKind.NewEnergy)]
    [InlineData("鄂AFA1234", "鄂A·FA1234", PlateKind.NewEnergy)]
    [InlineData("苏E12345D", "苏E·12345D", PlateKind.NewEnergy)]
    [InlineData("川A1234警", "川A·1234警", PlateKind.Police)]
    public void Accepts_and_normalises_issued_formats(string input, string canonical, PlateKind kind)
    {
        Plate.TryParse(input, out var plate).Should().BeTrue();
        plate.Value.Should().Be(canonical);
        plate.Kind.Should().Be(kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("AB12345")] // no province
    [InlineData("鄂12345")] // no issuing letter
    [InlineData("鄂IC1234")] // I is never issued
    [InlineData("鄂AO1234")] // neither is O
    [InlineData("鄂AABC12")] // three letters in an ordinary serial
    [InlineData("鄂AC123")] // too short
    [InlineData("鄂AC123456")] // too long
    [InlineData("鄂AZ12345")] // Z is no new-energy mark
    [InlineData("鄂A12345Z")]
    [InlineData("鄂AD1234A")] // small new-energy plates end in four digits
    [InlineData("<script>")]
    [InlineData("鄂A'; drop table")]
    public void Refuses_anything_else(string? input)
    {
        Plate.TryParse(input, out _).Should().BeFalse();
    }

    [Fact]
    public void Different_spellings_of_one_plate_are_equal()
    {
        Plate.Parse("鄂ac1234").Should().Be(Plate.Parse("鄂A·C1234"));
    }
}
