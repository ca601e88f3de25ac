using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using Xunit;
using static Fleet.Domain.Tests.Vehicles.VehicleHistory;

namespace Fleet.Domain.Tests.Vehicles;

public class VehicleOdometerTests
{
    private static Distance Km(decimal kilometres) => Distance.FromKilometres(kilometres);

    // Reading

    [Fact]
    public void A_reading_above_the_odometer_is_recorded_with_its_source()
    {
        var decision = VehicleOdometer.Decide(new ReadOdometerForm(12_345.6m), OdometerSource.Trip, Given(Read(12_000m)), Now);

        decision.ShouldAccept(new OdometerRead(VehicleId, Km(12_345.6m), OdometerSource.Trip, Now));
        Given(Read(12_000m)).When((OdometerRead)decision.Events[0]).Odometer.Should().Be(Km(12_345.6m));
    }

    [Fact]
    public void A_new_vehicle_reads_from_zero()
    {
        Given().Odometer.Should().Be(Distance.Zero);
        VehicleOdometer.Decide(new ReadOdometerForm(0m), OdometerSource.Registration, Given(), Now)
            .ShouldAccept(new OdometerRead(VehicleId, Distance.Zero, OdometerSource.Registration, Now));
    }

    [Fact]
    public void The_same_reading_again_is_recorded()
    {
        VehicleOdometer.Decide(new ReadOdometerForm(12_000m), OdometerSource.Inspection, Given(Read(12_000m)), Now)
            .ShouldAccept(new OdometerRead(VehicleId, Km(12_000m), OdometerSource.Inspection, Now));
    }

    [Fact]
    public void A_reading_one_metre_below_the_odometer_is_a_conflict_naming_both_in_kilometres()
    {
        var decision = VehicleOdometer.Decide(new ReadOdometerForm(11_999.999m), OdometerSource.Manual, Given(Read(12_000m)), Now);

        var problem = decision.ShouldRefuse("vehicle.odometer_backwards", ProblemKind.Conflict);
        problem.Args.Should().Equal(12_000m, 11_999.999m);
        problem.Message.Should().Contain("{0} km").And.Contain("{1} km");
    }

    [Fact]
    public void Two_million_kilometres_is_the_highest_reading()
    {
        VehicleOdometer.Decide(new ReadOdometerForm(2_000_000m), OdometerSource.Manual, Given(), Now)
            .ShouldAccept(new OdometerRead(VehicleId, Km(2_000_000m), OdometerSource.Manual, Now));
        VehicleOdometer.Decide(new ReadOdometerForm(2_000_000.001m), OdometerSource.Manual, Given(), Now)
            .ShouldRefuseWith(("kilometres", "vehicle.odometer_out_of_range"));
    }

    [Fact]
    public void A_negative_reading_is_out_of_range_rather_than_backwards()
    {
        VehicleOdometer.Decide(new ReadOdometerForm(-0.001m), OdometerSource.Manual, Given(Read(12_000m)), Now)
            .ShouldRefuseWith(("kilometres", "vehicle.odometer_out_of_range"));
    }

    [Fact]
    public void A_disposed_vehicle_can_still_be_read_at_the_handover()
    {
        VehicleOdometer.Decide(new ReadOdometerForm(80_000m), OdometerSource.Manual, Given(Read(79_000m), Retired, Disposed), Now)
            .ShouldAccept(new OdometerRead(VehicleId, Km(80_000m), OdometerSource.Manual, Now));
    }

    // Correcting

    [Fact]
    public void A_wrong_reading_is_corrected_downwards_with_its_reason()
    {
        var vehicle = Given(Read(120_000m));

        var decision = VehicleOdometer.Decide(new CorrectOdometerForm(12_000m, " One zero too many "), vehicle, Now);

        decision.ShouldAccept(new OdometerCorrected(VehicleId, Km(120_000m), Km(12_000m), "One zero too many", Now));
        vehicle.When((OdometerCorrected)decision.Events[0]).Odometer.Should().Be(Km(12_000m));
    }

    [Fact]
    public void A_reading_typed_too_low_is_corrected_upwards()
    {
        VehicleOdometer.Decide(new CorrectOdometerForm(21_000m, "Digits swapped"), Given(Read(12_000m)), Now)
            .ShouldAccept(new OdometerCorrected(VehicleId, Km(12_000m), Km(21_000m), "Digits swapped", Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_correction_needs_a_reason(string? reason)
    {
        VehicleOdometer.Decide(new CorrectOdometerForm(12_000m, reason), Given(Read(120_000m)), Now)
            .ShouldRefuseWith(("reason", "vehicle.odometer_correction_reason_required"));
    }

    [Fact]
    public void A_correction_reason_is_at_most_500_characters()
    {
        VehicleOdometer.Decide(new CorrectOdometerForm(12_000m, new string('x', 501)), Given(Read(120_000m)), Now)
            .ShouldRefuseWith(("reason", "validation.too_long"));
    }

    [Fact]
    public void A_correction_must_change_the_reading()
    {
        VehicleOdometer.Decide(new CorrectOdometerForm(12_000m, "Checked again"), Given(Read(12_000m)), Now)
            .ShouldRefuseWith(("kilometres", "vehicle.odometer_correction_unchanged"));
    }

    [Fact]
    public void A_correction_stays_within_what_an_odometer_can_show()
    {
        VehicleOdometer.Decide(new CorrectOdometerForm(2_000_001m, null), Given(Read(12_000m)), Now)
            .ShouldRefuseWith(("kilometres", "vehicle.odometer_out_of_range"), ("reason", "vehicle.odometer_correction_reason_required"));
    }

    [Fact]
    public void The_odometer_of_a_disposed_vehicle_is_not_corrected()
    {
        VehicleOdometer.Decide(new CorrectOdometerForm(12_000m, "Late correction"), Given(Read(120_000m), Disposed), Now)
            .ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
    }

    [Fact]
    public void A_reading_and_a_correction_give_the_kilometres()
    {
        VehicleOdometer.Decide(new ReadOdometerForm(null), OdometerSource.Manual, Given(Read(12_000m)), Now)
            .ShouldRefuseWith(("kilometres", "validation.required"));
        VehicleOdometer.Decide(new CorrectOdometerForm(null, "One zero too many"), Given(Read(120_000m)), Now)
            .ShouldRefuseWith(("kilometres", "validation.required"));
    }
}
