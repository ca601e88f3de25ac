using Fleet.Domain.Settlement;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Settlement;

/// <summary>The pool's rate card: versioned, each version whole, every amount checked.</summary>
public class RateCardTests
{
    private static readonly Instant Now = ChargingTests.Leaves;
    private static readonly Guid Admin = ChargingTests.Admin;
    private static readonly ClassRateForm Sedan = new(VehicleClass.Sedan, 2m, 50m, 180m, 300m, 30m, 100m);

    [Fact]
    public void The_first_card_is_version_one_and_records_who_and_when()
    {
        var changed = RateCard.None.Change(new ChangeRateCardForm(1, [Sedan, Sedan with { Class = VehicleClass.Bus }]), Admin, Now)
            .ShouldAcceptOne<RateCardChanged>();

        changed.Version.Should().Be(1);
        changed.Rates.Select(r => r.Class).Should().Equal(VehicleClass.Sedan, VehicleClass.Bus);
        (changed.ChangedBy, changed.At).Should().Be((Admin, Now));
        RateCard.From(changed).RateOf(VehicleClass.Bus)!.Day.Should().Be(300m);
    }

    [Fact]
    public void A_change_made_on_an_older_version_is_refused()
    {
        ChargingTests.Card.Change(new ChangeRateCardForm(3, [Sedan]), Admin, Now).ShouldRefuse("rates.version_not_next", Fleet.Domain.Common.ProblemKind.Conflict);
        ChargingTests.Card.Change(new ChangeRateCardForm(4, [Sedan]), Admin, Now).ShouldAcceptOne<RateCardChanged>().Version.Should().Be(4);
    }

    [Fact]
    public void Amounts_are_between_zero_and_the_highest_rate_in_whole_fen_and_a_half_day_costs_no_more_than_a_day()
    {
        RateCard.None.Change(new ChangeRateCardForm(1, [Sedan with { PerKm = -1m, PerHour = 1.234m, Day = 100m, WithDriverPerDay = null }]), Admin, Now)
            .ShouldRefuseWith(("perKm", "rates.amount_out_of_range"), ("perHour", "rates.amount_out_of_range"), ("withDriverPerDay", "validation.required"));
        RateCard.None.Change(new ChangeRateCardForm(1, [Sedan with { Day = 100m }]), Admin, Now)
            .ShouldRefuseWith(("halfDay", "rates.half_day_above_day"));
        RateCard.None.Change(new ChangeRateCardForm(1, [Sedan, Sedan]), Admin, Now).ShouldRefuseWith(("class", "rates.class_twice"));
        RateCard.None.Change(new ChangeRateCardForm(null, []), Admin, Now).ShouldRefuseWith(("version", "validation.required"), ("rates", "validation.required"));
    }
}
