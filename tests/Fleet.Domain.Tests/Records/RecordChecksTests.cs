using Fleet.Domain.Records;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Vehicles.VehicleHistory;

namespace Fleet.Domain.Tests.Records;

public class RecordChecksTests
{
    private static readonly Guid TripId = Guid.Parse("01900000-0000-7000-8000-0000000000e1");
    private static readonly RecordRules Rules = RecordRules.Default;

    /// <summary>20 October, 09:00 to 12:00, 100 km; declared 20 L of fuel, 35 yuan of tolls, 10 of parking.</summary>
    private static readonly TripFacts Trip = new(TripId, VehicleId, At(2026, 10, 20, 9), At(2026, 10, 20, 12), 100m, true, 20m, 35m, 10m);

    private static readonly Dictionary<Guid, FuelFigures> Figures = new() { [VehicleId] = new FuelFigures(55m, 8m) };

    private static int _next;

    private static RecordFacts Record(RecordKind kind, Instant at, decimal amount, decimal? litres = null) =>
        new(Guid.Parse($"01900000-0000-7000-8000-{++_next:D12}"), kind, VehicleId, "鄂A·C1234", at, "P", litres, amount);

    private static RecordCheck Check(params RecordFacts[] records) =>
        RecordChecks.Check(records, [Trip], [], Figures, Rules, Shanghai, Now);

    [Fact]
    public void A_record_inside_a_trip_or_within_the_margin_belongs_to_it_and_one_outside_to_none()
    {
        var inside = Record(RecordKind.Toll, At(2026, 10, 20, 10), 35m);
        var justAfter = Record(RecordKind.Toll, At(2026, 10, 20, 12, 30), 0m);
        var outside = Record(RecordKind.Toll, At(2026, 10, 20, 12, 31), 5m);
        RecordChecks.TripOf(inside, [Trip], Rules).Should().Be(Trip);
        RecordChecks.TripOf(justAfter, [Trip], Rules).Should().Be(Trip);
        RecordChecks.TripOf(outside, [Trip], Rules).Should().BeNull();
        RecordChecks.TripOf(inside with { VehicleId = Guid.NewGuid() }, [Trip], Rules).Should().BeNull("another car's trip is not this record's");
    }

    [Fact]
    public void Fuel_bought_on_a_day_the_car_made_no_trip_is_flagged_and_on_a_trip_day_it_is_not()
    {
        var dayWithout = Record(RecordKind.Fuel, At(2026, 10, 21, 8), 150m, 20m);
        var sameDay = Record(RecordKind.Fuel, At(2026, 10, 20, 18), 150m, 20m);
        var check = Check(dayWithout, sameDay);
        check.Records[0].Findings.Should().Contain(new RecordFinding(RecordFindingKind.FuelWithoutTrip, dayWithout.At, "P", 20m, null, null, 1));
        // Nothing was driven since the purchase the evening before either: only the allowance of 10 litres is needed.
        check.Records[0].Findings.Should().Contain(new RecordFinding(RecordFindingKind.FuelOverDistance, dayWithout.At, "P", 20m, 10m, 0m, 0));
        check.Records[1].Findings.Should().BeEmpty();
        check.Records[1].TripId.Should().BeNull("18:00 is outside the trip, if on its day");
    }

    [Fact]
    public void More_than_the_tank_holds_is_flagged_beyond_the_tolerance()
    {
        Check(Record(RecordKind.Fuel, At(2026, 10, 20, 10), 500m, 56m)).Records[0].Findings.Should().BeEmpty();
        Check(Record(RecordKind.Fuel, At(2026, 10, 20, 10), 500m, 56.5m)).Records[0].Findings.Select(f => (f.Kind, f.Recorded, f.Limit))
            .Should().Contain((RecordFindingKind.FuelOverTank, 56.5m, 55m));
        RecordChecks.Check([Record(RecordKind.Fuel, At(2026, 10, 20, 10), 500m, 90m)], [Trip], [], new Dictionary<Guid, FuelFigures>(), Rules, Shanghai, Now)
            .Records[0].Findings.Should().BeEmpty("a car without figures is not held against them");
    }

    [Fact]
    public void A_purchase_is_held_against_the_distance_driven_since_the_cars_previous_one()
    {
        // Filled on the 19th; the 100 km trip of the 20th at 8 L/100 km, with half again and 10 litres, needs 22 litres.
        var previous = Record(RecordKind.Fuel, At(2026, 10, 19, 17), 300m, 40m);
        var enough = Record(RecordKind.Fuel, At(2026, 10, 20, 11), 160m, 22m);
        var over = Record(RecordKind.Fuel, At(2026, 10, 20, 11, 30), 160m, 22.1m);

        RecordChecks.Check([enough], [Trip], [previous], Figures, Rules, Shanghai, Now).Records[0].Findings.Should().BeEmpty();
        RecordChecks.Check([over], [Trip], [previous], Figures, Rules, Shanghai, Now).Records[0].Findings.Should()
            .ContainSingle().Which.Should().Be(new RecordFinding(RecordFindingKind.FuelOverDistance, over.At, "P", 22.1m, 22m, 100m, 1));
    }

    [Fact]
    public void A_full_tank_after_a_short_trip_is_what_the_long_drives_since_the_last_fill_need_and_a_first_purchase_is_not_judged()
    {
        var previous = Record(RecordKind.Fuel, At(2026, 10, 15, 8), 300m, 40m);
        var longDrive = new TripFacts(Guid.NewGuid(), VehicleId, At(2026, 10, 16, 8), At(2026, 10, 17, 18), 300m, true, null, 0m, 0m);
        var fill = Record(RecordKind.Fuel, At(2026, 10, 20, 10), 380m, 40m);

        // 300 + 100 km since the 15th need 58 litres: 40 is fine though the trip it falls in drove 100.
        var check = RecordChecks.Check([fill], [longDrive, Trip], [previous], Figures, Rules, Shanghai, Now);
        check.Records[0].Findings.Should().BeEmpty();
        check.Trips.Single().Findings.Should().NotContain(f => f.Kind == RecordFindingKind.FuelOverDistance);
        RecordChecks.Check([fill], [Trip], [], Figures, Rules, Shanghai, Now).Records[0].Findings.Should().BeEmpty("there is no purchase before it to count from");
        RecordChecks.Check([fill], [Trip with { Kilometres = null }], [Record(RecordKind.Fuel, At(2026, 10, 20, 9, 30), 10m, 1m)], Figures, Rules, Shanghai, Now)
            .Records[0].Findings.Should().BeEmpty("a trip of unknown distance in between leaves nothing to conclude");
    }

    [Theory]
    [InlineData(RecordKind.Toll, RecordFindingKind.TollOutsideTrip)]
    [InlineData(RecordKind.Parking, RecordFindingKind.ParkingOutsideTrip)]
    public void Tolls_and_parking_outside_every_trip_are_flagged(RecordKind kind, RecordFindingKind finding)
    {
        var check = Check(Record(kind, At(2026, 10, 20, 8, 29), 20m), Record(kind, At(2026, 10, 20, 8, 31), 0m));
        check.Records[0].Findings.Should().ContainSingle().Which.Kind.Should().Be(finding);
        check.Records[1].Findings.Should().BeEmpty();
        check.Records[1].TripId.Should().Be(TripId);
    }

    [Fact]
    public void Declared_tolls_parking_and_fuel_are_held_against_the_trips_records_within_the_tolerance()
    {
        var earlier = Record(RecordKind.Toll, At(2026, 10, 20, 9, 30), 20m);
        var check = RecordChecks.Check([Record(RecordKind.Toll, At(2026, 10, 20, 11), 15.5m), Record(RecordKind.Parking, At(2026, 10, 20, 10), 25m),
            Record(RecordKind.Fuel, At(2026, 10, 20, 10), 150m, 20.9m)], [Trip], [earlier], Figures, Rules, Shanghai, Now);
        var trip = check.Trips.Should().ContainSingle().Subject;
        trip.Records.Should().HaveCount(4).And.Contain(earlier.Id);
        trip.Findings.Select(f => (f.Kind, f.Recorded, f.Limit, f.Count)).Should().Equal((RecordFindingKind.DeclaredParkingDiffer, 25m, 10m, 1));
    }

    [Fact]
    public void Declared_fuel_with_no_card_record_differs_but_tolls_and_parking_without_records_are_not_compared_nor_a_trip_under_way()
    {
        RecordChecks.TripFindings(Trip, [Record(RecordKind.Toll, At(2026, 10, 20, 10), 35m), Record(RecordKind.Parking, At(2026, 10, 20, 10), 10m)], Rules)
            .Select(f => (f.Kind, f.Recorded, f.Limit)).Should().Equal((RecordFindingKind.DeclaredFuelDiffer, 0m, 20m));
        // Tolls paid in cash and another operator's car park leave no record: 35 yuan of tolls and 10 of parking are not held against nothing.
        RecordChecks.TripFindings(Trip, [Record(RecordKind.Fuel, At(2026, 10, 20, 10), 150m, 20m)], Rules).Should().BeEmpty();
        RecordChecks.TripFindings(Trip with { Declared = false }, [Record(RecordKind.Toll, At(2026, 10, 20, 10), 99m)], Rules).Should().BeEmpty();
    }
}
