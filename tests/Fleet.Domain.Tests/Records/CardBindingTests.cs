using Fleet.Domain.Common;
using Fleet.Domain.Records;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Vehicles.VehicleHistory;

namespace Fleet.Domain.Tests.Records;

public class CardBindingTests
{
    private static readonly Guid Admin = Guid.Parse("01900000-0000-7000-8000-0000000000ad");
    private static readonly Vehicle Car = Given();
    private static readonly Vehicle Other = Vehicle.From(Registered with { VehicleId = Guid.Parse("01900000-0000-7000-8000-0000000000a2"), Plate = "鄂A·C5678" });
    private const string Number = "1000113300012345";

    private static Card Bound() => Card.From(CardBinding.Bind(CardKind.Fuel, Number, Car, null, Admin, Now).ShouldAcceptOne<CardBound>());

    [Theory]
    [InlineData("1000 1133 0001 2345", "1000113300012345")]
    [InlineData("4201-2345-6789-0123-4567", "42012345678901234567")]
    [InlineData(" etc123456 ", "ETC123456")]
    public void A_card_number_is_kept_without_its_spaces_and_dashes(string typed, string kept) => CardBinding.Normalize(typed).Should().Be(kept);

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567890123456789012345")]
    [InlineData("1000·1133")]
    public void What_is_no_card_number_is_refused(string typed)
    {
        var problems = new List<Problem>();
        CardBinding.Validate(new BindCardForm("fuel", typed, VehicleId), problems).Should().BeNull();
        problems.Should().ContainSingle().Which.Code.Should().Be("card.number_invalid");
    }

    [Fact]
    public void The_form_names_a_kind_a_number_and_a_car()
    {
        var problems = new List<Problem>();
        CardBinding.Validate(new BindCardForm("diesel", null, null), problems).Should().BeNull();
        problems.Select(p => (p.Field, p.Code)).Should().BeEquivalentTo([("kind", "card.kind_invalid"), ("number", "validation.required"),
            ("vehicleId", "validation.required")]);
        CardBinding.Validate(new BindCardForm("ETC", "4201 2345 6789 0123", VehicleId), problems = []).Should().Be((CardKind.Etc, "4201234567890123", VehicleId));
    }

    [Fact]
    public void A_new_card_is_bound_to_a_car_in_service_under_an_id_that_follows_from_its_number()
    {
        CardBinding.Bind(CardKind.Fuel, Number, Car, null, Admin, Now)
            .ShouldAccept(new CardBound(CardBinding.IdOf(CardKind.Fuel, Number), CardKind.Fuel, Number, VehicleId, "鄂A·C1234", null, Admin, Now));
        CardBinding.IdOf(CardKind.Fuel, Number).Should().NotBe(CardBinding.IdOf(CardKind.Etc, Number));
    }

    [Fact]
    public void A_card_bound_already_or_ended_is_not_bound_again_and_a_retired_car_gets_none()
    {
        CardBinding.Bind(CardKind.Fuel, Number, Other, Bound(), Admin, Now).ShouldRefuse("card.already_bound", ProblemKind.Conflict);
        var lost = Bound().Evolve(new CardLost(Bound().Id, "丢失", Admin, Now));
        CardBinding.Bind(CardKind.Fuel, Number, Other, lost, Admin, Now).ShouldRefuse("card.ended", ProblemKind.Conflict);
        CardBinding.Bind(CardKind.Fuel, Number, Given(Retired), null, Admin, Now).ShouldRefuse("card.vehicle_retired", ProblemKind.Conflict);
        CardBinding.Bind(CardKind.Fuel, Number, Given(Disposed), null, Admin, Now).ShouldRefuse("vehicle.disposed", ProblemKind.Conflict);
    }

    [Fact]
    public void A_moved_card_pays_for_the_first_car_until_the_move_and_for_the_second_after()
    {
        var later = Now + Duration.FromDays(3);
        var moved = CardBinding.Move(Bound(), Other, "调车", Admin, later).ShouldAcceptOne<CardMoved>();
        var card = Bound().Evolve(moved);
        card.HeldAt(Now + Duration.FromDays(1))!.VehicleId.Should().Be(VehicleId);
        card.HeldAt(later + Duration.FromHours(1))!.Plate.Should().Be("鄂A·C5678");
        card.HeldAt(Now - Duration.FromDays(1)).Should().BeNull();
        CardBinding.Move(card, Other, "again", Admin, later).ShouldRefuseWith(("vehicleId", "card.same_vehicle"));
        CardBinding.Move(Bound(), Other, " ", Admin, later).ShouldRefuseWith(("reason", "validation.required"));
    }

    [Fact]
    public void A_lost_card_pays_for_nobody_afterwards_and_cannot_be_lost_twice()
    {
        var lost = CardBinding.ReportLost(Bound(), new ReportCardLostForm("遗失于加油站"), Admin, Now + Duration.FromDays(1)).ShouldAcceptOne<CardLost>();
        var card = Bound().Evolve(lost);
        card.Status.Should().Be(CardStatus.Lost);
        card.HeldAt(Now + Duration.FromDays(2)).Should().BeNull();
        card.HeldAt(Now + Duration.FromHours(2)).Should().NotBeNull();
        CardBinding.ReportLost(card, new ReportCardLostForm("again"), Admin, Now).ShouldRefuse("card.ended", ProblemKind.Conflict);
        CardBinding.Move(card, Other, "move", Admin, Now).ShouldRefuse("card.ended", ProblemKind.Conflict);
    }

    [Fact]
    public void A_replaced_card_ends_and_the_new_one_starts_on_the_same_car_at_the_same_moment()
    {
        var at = Now + Duration.FromDays(5);
        var decision = CardBinding.Replace(Bound(), "1000113300099999", "磁条损坏", null, Admin, at);
        var newId = CardBinding.IdOf(CardKind.Fuel, "1000113300099999");
        decision.ShouldAccept(new CardReplaced(Bound().Id, newId, "1000113300099999", "磁条损坏", Admin, at),
            new CardBound(newId, CardKind.Fuel, "1000113300099999", VehicleId, "鄂A·C1234", Number, Admin, at));
        Bound().Evolve(decision.Events[0]).Should().Match<Card>(c => c.Status == CardStatus.Replaced && c.ReplacedBy == "1000113300099999");
        CardBinding.Replace(Bound(), Number, "same", null, Admin, at).ShouldRefuseWith(("number", "card.same_card"));
        CardBinding.Replace(Bound(), "1000113300099999", "taken", Bound() with { Number = "1000113300099999" }, Admin, at)
            .ShouldRefuse("card.already_bound", ProblemKind.Conflict);
    }

    [Fact]
    public void Fuel_figures_are_recorded_within_bounds()
    {
        var recorded = FuelFiguresRecording.Record(new RecordFuelFiguresForm(55m, 8.5m), Car, Admin, Now).ShouldAcceptOne<VehicleFuelFiguresRecorded>();
        Car.Evolve(recorded).Fuel.Should().Be(new FuelFigures(55m, 8.5m));
        FuelFiguresRecording.Record(new RecordFuelFiguresForm(0m, 101m), Car, Admin, Now)
            .ShouldRefuseWith(("tankLitres", "vehicle.tank_invalid"), ("litresPer100Km", "vehicle.consumption_invalid"));
        FuelFiguresRecording.Record(new RecordFuelFiguresForm(null, null), Car, Admin, Now).ShouldRefuseWith(("tankLitres", "validation.required"));
    }
}
