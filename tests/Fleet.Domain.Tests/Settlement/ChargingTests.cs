using Fleet.Domain.Common;
using Fleet.Domain.Settlement;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Settlement;

/// <summary>What a closed trip costs by the rate card, at every boundary of the tariffs and of the fen.</summary>
public class ChargingTests
{
    public static readonly Instant Leaves = Instant.FromUtc(2026, 10, 12, 0, 30);
    public static readonly Guid Admin = Guid.Parse("01900000-0000-7000-8000-00000000ad01");

    /// <summary>Sedans: 2 yuan a km, 50 an hour, 180 a half day, 300 a day, 30 an hour of waiting, 100 a day with a driver.</summary>
    public static readonly RateCard Card = RateCard.From(new RateCardChanged(3,
        [new ClassRate(VehicleClass.Sedan, 2m, 50m, 180m, 300m, 30m, 100m), new ClassRate(VehicleClass.Minibus, 4.5m, 90m, 320m, 560m, 40m, 120m)],
        Admin, Leaves));

    public static ClosedTrip Trip(Duration out_, decimal km = 30m, bool withDriver = false, VehicleClass vehicleClass = VehicleClass.Sedan,
        Duration? late = null, decimal fuel = 0m, decimal tolls = 0m, decimal parking = 0m) =>
        new(Guid.CreateVersion7(), "420102-2026-00042", "鄂A·C1234", vehicleClass, withDriver, Leaves - (late ?? Duration.Zero), Leaves, Leaves + out_,
            Distance.FromKilometres(km), fuel, tolls, parking);

    private static ChargeLine Line(ClosedTrip trip)
    {
        var (line, problem) = Charging.Charge(trip, Card);
        problem.Should().BeNull();
        return line!;
    }

    [Theory]
    [InlineData(60, Tariff.Hourly, 50)]
    [InlineData(61, Tariff.Hourly, 100)]
    [InlineData(180, Tariff.Hourly, 150)]
    [InlineData(181, Tariff.HalfDay, 180)]
    [InlineData(240, Tariff.HalfDay, 180)]
    [InlineData(241, Tariff.Hourly, 250)]
    [InlineData(360, Tariff.Hourly, 300)]
    [InlineData(361, Tariff.Day, 300)]
    [InlineData(1440, Tariff.Day, 300)]
    [InlineData(1441, Tariff.Day, 350)]
    [InlineData(1440 + 240, Tariff.Day, 480)]
    [InlineData(2880, Tariff.Day, 600)]
    public void The_time_out_is_charged_by_the_cheapest_tariff_that_covers_it(int minutes, Tariff tariff, int amount)
    {
        var line = Line(Trip(Duration.FromMinutes(minutes)));

        line.Minutes.Should().Be(minutes);
        line.Tariff.Should().Be(tariff);
        line.TimeCharge.Should().Be(amount);
    }

    [Fact]
    public void Exactly_four_hours_is_a_half_day_and_a_minute_more_is_five_started_hours()
    {
        Line(Trip(Duration.FromHours(4))).Tariff.Should().Be(Tariff.HalfDay);
        Line(Trip(Duration.FromHours(4) + Duration.FromMinutes(1))).Should().Match<ChargeLine>(l => l.Tariff == Tariff.Hourly && l.TimeCharge == 250m);
        Line(Trip(Duration.FromHours(4) + Duration.FromSeconds(1))).Minutes.Should().Be(241, "a started minute counts");
    }

    [Fact]
    public void A_line_records_the_card_version_distance_costs_and_adds_up_to_its_total()
    {
        var line = Line(Trip(Duration.FromHours(2), km: 42.5m, fuel: 120.3m, tolls: 25m, parking: 10m));

        line.RateCardVersion.Should().Be(3);
        line.Kilometres.Should().Be(42.5m);
        line.DistanceCharge.Should().Be(85m);
        line.TimeCharge.Should().Be(100m);
        (line.Fuel, line.Tolls, line.Parking).Should().Be((120.3m, 25m, 10m));
        line.Total.Should().Be(85m + 100m + 120.3m + 25m + 10m);
    }

    [Fact]
    public void No_kilometres_cost_nothing_for_distance_but_the_time_out_is_charged()
    {
        var line = Line(Trip(Duration.FromHours(1), km: 0m));

        line.DistanceCharge.Should().Be(0m);
        line.Total.Should().Be(50m);
    }

    [Fact]
    public void A_pool_driver_is_charged_per_started_day_and_the_waiting_beyond_the_grace_pro_rata()
    {
        var within = Line(Trip(Duration.FromHours(2), km: 0m, withDriver: true, late: Charging.WaitingGrace));
        within.WaitingMinutes.Should().Be(0);
        within.DriverCharge.Should().Be(100m);

        var late = Line(Trip(Duration.FromHours(2), km: 0m, withDriver: true, late: Duration.FromMinutes(22)));
        late.WaitingMinutes.Should().Be(7);
        late.WaitingCharge.Should().Be(3.5m);

        Line(Trip(Duration.FromDays(1), withDriver: true)).DriverCharge.Should().Be(100m, "a day is one day");
        Line(Trip(Duration.FromDays(1) + Duration.FromMinutes(1), withDriver: true)).DriverCharge.Should().Be(200m, "over a day starts the second");
        Line(Trip(Duration.FromHours(2), late: Duration.FromHours(1))).WaitingMinutes.Should().Be(0, "nobody waits for a self-driven car");
    }

    [Fact]
    public void Each_amount_is_rounded_to_the_fen_half_away_from_zero()
    {
        var card = RateCard.From(new RateCardChanged(1, [new ClassRate(VehicleClass.Sedan, 5m, 0m, 0m, 0m, 25m, 0m)], Admin, Leaves));

        Charging.Charge(Trip(Duration.Zero, km: 0.001m), card).Line!.DistanceCharge.Should().Be(0.01m, "0.005 yuan rounds up");
        Charging.Charge(Trip(Duration.Zero, km: 12.345m), card).Line!.DistanceCharge.Should().Be(61.73m, "61.725 yuan rounds up");
        var waited = Charging.Charge(Trip(Duration.Zero, km: 0m, withDriver: true, late: Duration.FromMinutes(16)), card).Line!;
        waited.WaitingCharge.Should().Be(0.42m, "one minute at 25 an hour is 0.41666…");
        waited.Total.Should().Be(0.42m);
    }

    [Fact]
    public void A_class_the_card_has_no_rate_for_is_a_problem_not_a_zero()
    {
        var (line, problem) = Charging.Charge(Trip(Duration.FromHours(1), vehicleClass: VehicleClass.Bus), Card);

        line.Should().BeNull();
        problem!.Code.Should().Be("settlement.no_rate_for_class");
        problem.Kind.Should().Be(ProblemKind.Conflict);
        Charging.Charge(Trip(Duration.FromHours(1)), RateCard.None).Problem!.Code.Should().Be("settlement.no_rate_for_class");
    }
}
