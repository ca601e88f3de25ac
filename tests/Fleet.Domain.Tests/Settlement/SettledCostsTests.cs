using Fleet.Domain.Common;
using Fleet.Domain.Settlement;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Settlement.ChargingTests;

namespace Fleet.Domain.Tests.Settlement;

/// <summary>The cost of the settled trips per unit, per class and per km, from each statement's current version.</summary>
public class SettledCostsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 2, 1, 30);

    private static UnitStatement Issued(string unit, params ClosedTrip[] trips) =>
        UnitStatement.From((StatementIssued)UnitStatements.Issue(null, unit, new LocalDate(2026, 10, 1), trips, Card, Admin, new LocalDate(2026, 11, 2), Now).Events[0]);

    [Fact]
    public void Costs_add_up_per_unit_and_per_class_and_divide_by_the_kilometres()
    {
        var first = Issued("420102001", Trip(Duration.FromHours(2), km: 20m), Trip(Duration.FromHours(1), km: 10m, vehicleClass: VehicleClass.Minibus));
        var second = Issued("420102002", Trip(Duration.FromHours(2), km: 0m));

        var costs = SettledCosts.Of([first, second]);

        costs.Units.Select(u => (u.Key, u.Trips, u.Kilometres, u.Total)).Should().Equal(("420102001", 2, 30m, 140m + 135m), ("420102002", 1, 0m, 100m));
        costs.Classes.Select(c => (c.Key, c.Trips)).Should().Equal(("Sedan", 2), ("Minibus", 1));
        costs.All.Total.Should().Be(375m);
        costs.All.PerKm.Should().Be(12.5m);
        costs.Units[1].PerKm.Should().BeNull("nothing was driven");
    }

    [Fact]
    public void A_corrected_statement_counts_by_its_current_version_only()
    {
        var statement = Issued("420102001", Trip(Duration.FromHours(2), km: 20m));
        var cheaper = Card.Evolve(Card.Change(new ChangeRateCardForm(4, [new ClassRateForm(VehicleClass.Sedan, 1m, 50m, 180m, 300m, 30m, 100m)]), Admin, Now).Events[0]);
        var corrected = statement.Evolve(UnitStatements.Correct(statement, new CorrectStatementForm(1, "新费率"), [Trip(Duration.FromHours(2), km: 20m)], cheaper, Admin, Now).Events[0]);

        SettledCosts.Of([corrected]).All.Total.Should().Be(120m);
    }
}
