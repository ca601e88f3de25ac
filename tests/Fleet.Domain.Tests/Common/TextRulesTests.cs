using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Tests.Vehicles;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Common;

public class TextRulesTests
{
    // U+20000 lies outside the basic plane: two UTF-16 units, one character to a reader.
    private const string RareCharacter = "\U00020000";

    private static string? Check(string? text, int maxLength, bool required, out List<Problem> problems)
    {
        problems = [];
        return TextRules.Check(text, "reason", maxLength, required, problems);
    }

    [Fact]
    public void A_text_is_trimmed()
    {
        Check("  会议取消 ", 10, required: true, out var problems).Should().Be("会议取消");
        problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_text_is_required_or_none(string? blank)
    {
        Check(blank, 10, required: true, out var required).Should().BeNull();
        required.Should().ContainSingle().Which.Should().Match<Problem>(p => p.Code == "validation.required" && p.Field == "reason");

        Check(blank, 10, required: false, out var optional).Should().BeNull();
        optional.Should().BeEmpty();
    }

    [Theory]
    [InlineData(RareCharacter)]
    [InlineData("e\u0301")]
    [InlineData("👍🏽")]
    public void A_character_counts_once_however_many_code_units_it_takes(string character)
    {
        var ten = string.Concat(Enumerable.Repeat(character, 10));

        Check(ten, 10, required: true, out var fits).Should().Be(ten);
        fits.Should().BeEmpty();

        Check(ten + "张", 10, required: true, out var tooLong).Should().BeNull();
        tooLong.Should().ContainSingle().Which.Should().Match<Problem>(p =>
            p.Code == "validation.too_long" && p.Field == "reason" && p.FormattedMessage == "reason has at most 10 characters; 11 were given: shorten it.");
    }

    [Theory]
    [InlineData("会议\n取消")]
    [InlineData("会议\r\n取消")]
    [InlineData("会议\t取消")]
    [InlineData("会议\u0000取消")]
    [InlineData("会议\u001b[2J")]
    public void Control_characters_are_refused(string text)
    {
        Check(text, 100, required: false, out var problems).Should().BeNull();
        problems.Should().ContainSingle().Which.Should().Match<Problem>(p => p.Code == "validation.control_characters" && p.Field == "reason");
    }

    /// <summary>Each capability once counted and refused in its own way; now one input meets one answer everywhere.</summary>
    [Fact]
    public void Every_capability_reads_its_texts_by_the_same_rules()
    {
        var now = VehicleHistory.Now;
        var rareFive = string.Concat(Enumerable.Repeat(RareCharacter, 5));

        // A rare character counts one in a vehicle's papers as in a trip.
        var insured = VehicleDocuments.Decide(
            new RecordInsuranceForm(rareFive, "P-1", new LocalDate(2026, 1, 1), new LocalDate(2027, 1, 1)), VehicleHistory.Given(), now);
        insured.Problems.Should().BeEmpty();
        insured.Events.Should().ContainSingle().Which.Should().BeOfType<InsuranceRecorded>().Which.Insurer.Should().Be(rareFive);

        var refusals = new[]
        {
            VehicleTransfer.Decide(new TransferVehicleForm(CityPool.Value, "调\n拨"), VehicleHistory.Given(), now),
            DriverSuspension.Suspend(new SuspendDriverForm("事故\t调查"), Drivers.TestDriver.Active, now),
            OrganisationRegistry.Rename(new RenameOrganisationForm("财政局\n"+"办公室"), Unit, now),
            UserAdministration.Deactivate(new DeactivateUserForm("调\r离"), Clerk, Guid.NewGuid(), now),
            TripCancelling.Cancel(Trips.TestTrip.AutoApproved, Trips.TestTrip.Clerk, new CancelTripForm("会议\n取消"), now),
        };

        refusals.Should().AllSatisfy(d => d.Problems.Should().ContainSingle().Which.Code.Should().Be("validation.control_characters"));
    }

    private static readonly PoolCode CityPool = PoolCode.TryParse("420100", out var pool) ? pool : throw new InvalidOperationException();

    private static readonly Organisation Unit = new(Guid.NewGuid(), "ja0002", OrganisationKind.Unit, "区财政局", "420102", "420102", Closed: false);

    private static readonly User Clerk = new(Guid.NewGuid(), "ja0002.clerk", "张三", "ja0002", OrganisationKind.Unit, "420102", [Role.Clerk], Active: true);
}
