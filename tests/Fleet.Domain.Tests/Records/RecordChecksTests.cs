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
        check.Records[0].Findings.Should().ContainSingle().Which.Should().Be(new RecordFinding(RecordFindingKind.FuelWithoutTrip, dayWithout.At, "P", 20m, null, null, 1));
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
    public void More_fuel_during_a_trip_than_its_distance_needs_is_flagged()
    {
        // 100 km at 8 L/100 km, with half again and 10 litres: 22 litres.
        var need = RecordChecks.TripFindings(Trip, [Record(RecordKind.Fuel, At(2026, 10, 20, 10), 160m, 22m)], Figures[VehicleId], Rules);
        need.Should().NotContain(f => f.Kind == RecordFindingKind.FuelOverDistance);
        var over = RecordChecks.TripFindings(Trip, [Record(RecordKind.Fuel, At(2026, 10, 20, 10), 160m, 12m), Record(RecordKind.Fuel, At(2026, 10, 20, 11), 160m, 10.1m)],
            Figures[VehicleId], Rules);
        over.Should().ContainSingle(f => f.Kind == RecordFindingKind.FuelOverDistance)
            .Which.Should().Match<RecordFinding>(f => f.Recorded == 22.1m && f.Limit == 22m && f.Kilometres == 100m && f.Count == 2);
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
    public void Declared_fuel_with_no_card_record_differs_and_a_trip_under_way_is_not_compared()
    {
        RecordChecks.TripFindings(Trip, [Record(RecordKind.Toll, At(2026, 10, 20, 10), 35m), Record(RecordKind.Parking, At(2026, 10, 20, 10), 10m)], null, Rules)
            .Select(f => (f.Kind, f.Recorded, f.Limit)).Should().Equal((RecordFindingKind.DeclaredFuelDiffer, 0m, 20m));
        RecordChecks.TripFindings(Trip with { Declared = false }, [Record(RecordKind.Toll, At(2026, 10, 20, 10), 99m)], null, Rules).Should().BeEmpty();
    }
}
