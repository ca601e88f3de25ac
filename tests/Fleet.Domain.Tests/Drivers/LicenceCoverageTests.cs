using Fleet.Domain.Drivers;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using Xunit;

namespace Fleet.Domain.Tests.Drivers;

public class LicenceCoverageTests
{
    public static TheoryData<string, VehicleClass, int, bool> Table => new()
    {
        // Sedans and MPVs: any car licence.
        { "C2", VehicleClass.Sedan, 5, true },
        { "C1", VehicleClass.Sedan, 5, true },
        { "C1", VehicleClass.Mpv, 9, true },
        { "C2", VehicleClass.Mpv, 7, true },
        { "B1", VehicleClass.Sedan, 5, true },
        { "B2", VehicleClass.Mpv, 7, true },
        { "A1", VehicleClass.Sedan, 5, true },
        { "A2", VehicleClass.Sedan, 5, true },
        { "A3", VehicleClass.Mpv, 7, true },
        // Minibuses, 10–19 seats: B1, or an A1 or A2 that permits it.
        { "C1", VehicleClass.Minibus, 10, false },
        { "C2", VehicleClass.Minibus, 15, false },
        { "B2", VehicleClass.Minibus, 15, false },
        { "A3", VehicleClass.Minibus, 15, false },
        { "B1", VehicleClass.Minibus, 10, true },
        { "B1", VehicleClass.Minibus, 19, true },
        { "A1", VehicleClass.Minibus, 19, true },
        { "A2", VehicleClass.Minibus, 15, true },
        // Buses, 20 seats and more: A1 only; A3 is for city public buses.
        { "A1", VehicleClass.Bus, 20, true },
        { "A1", VehicleClass.Bus, 60, true },
        { "A2", VehicleClass.Bus, 45, false },
        { "A3", VehicleClass.Bus, 45, false },
        { "B1", VehicleClass.Bus, 20, false },
        { "C1", VehicleClass.Bus, 20, false },
        // Special vehicles: B2, or an A1 or A2 that permits it.
        { "B2", VehicleClass.Special, 2, true },
        { "A1", VehicleClass.Special, 5, true },
        { "A2", VehicleClass.Special, 5, true },
        { "A3", VehicleClass.Special, 5, false },
        { "B1", VehicleClass.Special, 5, false },
        { "C1", VehicleClass.Special, 5, false },
        { "C2", VehicleClass.Special, 5, false },
        // A special vehicle with seats of a minibus or a bus needs the passenger licence as well.
        { "B2", VehicleClass.Special, 15, false },
        { "B1 B2", VehicleClass.Special, 15, true },
        { "A2", VehicleClass.Special, 15, true },
        { "B1 B2", VehicleClass.Special, 30, false },
        { "A1", VehicleClass.Special, 30, true },
        // The seats decide the size whatever the body is called.
        { "C1", VehicleClass.Mpv, 10, false },
        { "B1", VehicleClass.Mpv, 10, true },
        // Holding several classes: any one that permits the vehicle will do.
        { "C1 B2", VehicleClass.Special, 5, true },
        { "C2 B1", VehicleClass.Minibus, 12, true },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Covers_follows_the_permitted_classes_of_the_licence_rules(string held, VehicleClass vehicleClass, int seats, bool covered)
    {
        var classes = held.Split(' ').Select(Enum.Parse<LicenceClass>).ToArray();

        LicenceCoverage.Covers(classes, vehicleClass, seats).Should().Be(covered);
    }

    [Fact]
    public void No_licence_covers_nothing()
    {
        LicenceCoverage.Covers([], VehicleClass.Sedan, 5).Should().BeFalse();
    }

    [Theory]
    [InlineData(LicenceClass.A1, new[] { LicenceClass.A1, LicenceClass.A3, LicenceClass.B1, LicenceClass.B2, LicenceClass.C1, LicenceClass.C2 })]
    [InlineData(LicenceClass.A2, new[] { LicenceClass.A2, LicenceClass.B1, LicenceClass.B2, LicenceClass.C1, LicenceClass.C2 })]
    [InlineData(LicenceClass.A3, new[] { LicenceClass.A3, LicenceClass.C1, LicenceClass.C2 })]
    [InlineData(LicenceClass.B1, new[] { LicenceClass.B1, LicenceClass.C1, LicenceClass.C2 })]
    [InlineData(LicenceClass.B2, new[] { LicenceClass.B2, LicenceClass.C1, LicenceClass.C2 })]
    [InlineData(LicenceClass.C1, new[] { LicenceClass.C1, LicenceClass.C2 })]
    [InlineData(LicenceClass.C2, new[] { LicenceClass.C2 })]
    public void Each_class_permits_itself_and_the_classes_the_rules_list_for_it(LicenceClass held, LicenceClass[] permitted)
    {
        LicenceCoverage.Permitted([held]).Should().BeEquivalentTo(permitted);
    }

    [Theory]
    [InlineData(VehicleClass.Sedan, 5, LicenceClass.C2)]
    [InlineData(VehicleClass.Mpv, 9, LicenceClass.C2)]
    [InlineData(VehicleClass.Minibus, 15, LicenceClass.B1)]
    [InlineData(VehicleClass.Bus, 45, LicenceClass.A1)]
    [InlineData(VehicleClass.Special, 5, LicenceClass.B2)]
    [InlineData(VehicleClass.Special, 15, LicenceClass.A1)]
    [InlineData(VehicleClass.Special, 30, LicenceClass.A1)]
    public void Describe_quotes_the_narrowest_licence_that_covers_the_vehicle_alone(VehicleClass vehicleClass, int seats, LicenceClass quoted)
    {
        LicenceCoverage.Describe(vehicleClass, seats).Should().Be(quoted);
        LicenceCoverage.Covers([quoted], vehicleClass, seats).Should().BeTrue();
    }

    [Fact]
    public void Every_class_and_seat_count_has_a_licence_to_quote()
    {
        var combinations =
            from vehicleClass in Enum.GetValues<VehicleClass>()
            from seats in new[] { 1, 9, 10, 19, 20, 60 }
            select (vehicleClass, seats);

        foreach (var (vehicleClass, seats) in combinations)
            LicenceCoverage.Covers([LicenceCoverage.Describe(vehicleClass, seats)], vehicleClass, seats).Should().BeTrue();
    }

    [Fact]
    public void A_vehicle_without_seats_is_a_programming_error()
    {
        var act = () => LicenceCoverage.Covers([LicenceClass.A1], VehicleClass.Sedan, 0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
