using Fleet.Domain.Common;
using Fleet.Domain.Settlement;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Settlement.ChargingTests;

namespace Fleet.Domain.Tests.Settlement;

/// <summary>A unit's monthly statement (结算单): issued once, answered once per version, corrected by a new version, never edited.</summary>
public class UnitStatementsTests
{
    private const string Unit = "420102001";
    private static readonly LocalDate October = new(2026, 10, 1);
    private static readonly LocalDate Today = new(2026, 11, 2);
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 2, 1, 30);
    private static readonly Guid Head = Guid.Parse("01900000-0000-7000-8000-000000000e01");

    private static readonly ClosedTrip[] Trips = [Trip(Duration.FromHours(2), km: 20m), Trip(Duration.FromHours(4), km: 35m, tolls: 15m)];

    private static UnitStatement Issued(params ClosedTrip[] trips) =>
        UnitStatement.From(UnitStatements.Issue(null, Unit, October, trips, Card, Admin, Today, Now).ShouldAcceptOne<StatementIssued>());

    [Fact]
    public void A_month_that_is_over_is_issued_with_a_line_for_each_trip_and_their_total()
    {
        var issued = UnitStatements.Issue(null, Unit, October, Trips, Card, Admin, Today, Now).ShouldAcceptOne<StatementIssued>();

        issued.StatementId.Should().Be(UnitStatement.StreamIdOf(Unit, "2026-10"));
        (issued.Month, issued.Version, issued.RateCardVersion).Should().Be(("2026-10", 1, 3));
        issued.Lines.Should().HaveCount(2);
        issued.Total.Should().Be(40m + 100m + 70m + 180m + 15m);
        UnitStatement.StreamIdOf(Unit, "2026-10").Should().NotBe(UnitStatement.StreamIdOf(Unit, "2026-11")).And.NotBe(UnitStatement.StreamIdOf("420102002", "2026-10"));
    }

    [Fact]
    public void A_month_is_issued_once_empty_or_not_and_only_once_it_is_over()
    {
        var empty = Issued();
        empty.Current.Total.Should().Be(0m);
        empty.Current.Lines.Should().BeEmpty();
        UnitStatements.Issue(empty, Unit, October, [], Card, Admin, Today, Now).ShouldRefuse("statement.already_issued", ProblemKind.Conflict);
        UnitStatements.Issue(null, Unit, new LocalDate(2026, 11, 1), [], Card, Admin, Today, Now).ShouldRefuseWith(("month", "statement.month_not_over"));
        UnitStatements.Issue(null, Unit, October, [], Card, Admin, new LocalDate(2026, 11, 1), Now).ShouldAcceptOne<StatementIssued>("the first of the next month is late enough");
    }

    [Fact]
    public void A_trip_of_a_class_without_a_rate_stops_the_statement()
    {
        UnitStatements.Issue(null, Unit, October, [.. Trips, Trip(Duration.FromHours(1), vehicleClass: VehicleClass.Bus),
            Trip(Duration.FromHours(2), vehicleClass: VehicleClass.Bus)], Card, Admin, Today, Now).ShouldRefuse("settlement.no_rate_for_class", ProblemKind.Conflict);
    }

    [Fact]
    public void The_unit_confirms_the_current_version_once()
    {
        var statement = Issued(Trips);
        var confirmed = UnitStatements.Confirm(statement, new ConfirmStatementForm(1), Head, Now).ShouldAcceptOne<StatementConfirmed>();

        var settled = statement.Evolve(confirmed);
        settled.Current.Status.Should().Be(StatementStatus.Confirmed);
        settled.Current.AnsweredBy.Should().Be(Head);
        UnitStatements.Confirm(settled, new ConfirmStatementForm(1), Head, Now).ShouldRefuse("statement.already_answered", ProblemKind.Conflict);
        UnitStatements.Dispute(settled, new DisputeStatementForm(1, "里程不对"), Head, Now).ShouldRefuse("statement.already_answered", ProblemKind.Conflict);
        UnitStatements.Correct(settled, new CorrectStatementForm(1, "费率调整"), Trips, Card, Admin, Now).ShouldRefuse("statement.confirmed", ProblemKind.Conflict);
        UnitStatements.Confirm(statement, new ConfirmStatementForm(2), Head, Now).ShouldRefuseWith(("version", "statement.version_unknown"));
        UnitStatements.Confirm(statement, new ConfirmStatementForm(null), Head, Now).ShouldRefuseWith(("version", "validation.required"));
    }

    [Fact]
    public void A_disputed_version_is_corrected_by_a_new_one_and_the_old_one_can_no_longer_be_confirmed()
    {
        var statement = Issued(Trips);
        UnitStatements.Dispute(statement, new DisputeStatementForm(1, " "), Head, Now).ShouldRefuseWith(("reason", "validation.required"));
        var disputed = statement.Evolve(UnitStatements.Dispute(statement, new DisputeStatementForm(1, "10月12日的行程是自驾"), Head, Now)
            .ShouldAcceptOne<StatementDisputed>());
        disputed.Current.Should().Match<StatementVersion>(v => v.Status == StatementStatus.Disputed && v.DisputeReason == "10月12日的行程是自驾");

        var corrected = UnitStatements.Correct(disputed, new CorrectStatementForm(1, "按自驾重算"), [Trips[0]], Card, Admin, Now)
            .ShouldAcceptOne<StatementCorrected>();
        (corrected.Version, corrected.Supersedes, corrected.Total).Should().Be((2, 1, 140m));

        var second = disputed.Evolve(corrected);
        second.Versions.Select(v => v.Status).Should().Equal(StatementStatus.Superseded, StatementStatus.Issued);
        second.Versions[0].DisputeReason.Should().Be("10月12日的行程是自驾", "the old version stays as it was answered");
        UnitStatements.Confirm(second, new ConfirmStatementForm(1), Head, Now).ShouldRefuse("statement.superseded", ProblemKind.Conflict);
        UnitStatements.Correct(second, new CorrectStatementForm(1, "再改"), Trips, Card, Admin, Now).ShouldRefuse("statement.superseded", ProblemKind.Conflict);
        UnitStatements.Confirm(second, new ConfirmStatementForm(2), Head, Now).ShouldAcceptOne<StatementConfirmed>().Version.Should().Be(2);
    }

    [Fact]
    public void A_correction_that_changes_nothing_is_refused_and_one_by_a_new_card_is_not()
    {
        var statement = Issued(Trips);

        UnitStatements.Correct(statement, new CorrectStatementForm(1, "重新计算"), Trips, Card, Admin, Now)
            .ShouldRefuse("statement.correction_changes_nothing", ProblemKind.Conflict);
        var cheaper = Card.Evolve(Card.Change(new ChangeRateCardForm(4, [new ClassRateForm(VehicleClass.Sedan, 1.5m, 50m, 180m, 300m, 30m, 100m)]), Admin, Now)
            .Events[0]);
        UnitStatements.Correct(statement, new CorrectStatementForm(1, "十月起执行新费率"), Trips, cheaper, Admin, Now).ShouldAcceptOne<StatementCorrected>()
            .RateCardVersion.Should().Be(4);
    }
}
