using Fleet.Domain.Common;
using Fleet.Domain.Tests.Vehicles;
using Fleet.Domain.Trips;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

/// <summary>Holiday sealing (节假日封存): the pool's cars stay at base over the days given; a trip then needs the pool office.</summary>
public class HolidaySealingTests
{
    private static readonly LocalDate Today = new(2026, 11, 2);
    private static readonly Guid Sealing = Guid.Parse("01900000-0000-7000-8000-0000000005e1");
    private static readonly Guid Other = Guid.Parse("01900000-0000-7000-8000-0000000005e2");

    /// <summary>The New Year's holiday of 2027 taken as an example: Friday 1 to Sunday 3 January.</summary>
    private static readonly SealCarsForm NewYear = new(new LocalDate(2027, 1, 1), new LocalDate(2027, 1, 3), "元旦假期车辆封存");

    private static HolidaySealings Sealed => HolidaySealings.From(new HolidaySealingDeclared(Sealing, new LocalDate(2027, 1, 1), new LocalDate(2027, 1, 3), "元旦假期车辆封存", Now));

    [Fact]
    public void A_sealing_is_declared_for_its_days_and_holds_on_each_of_them_only()
    {
        var declared = HolidaySealings.None.Declare(NewYear, Sealing, Today, Now).ShouldAcceptOne<HolidaySealingDeclared>();

        declared.Should().Be(new HolidaySealingDeclared(Sealing, new LocalDate(2027, 1, 1), new LocalDate(2027, 1, 3), "元旦假期车辆封存", Now));
        var sealings = HolidaySealings.From(declared);
        sealings.Seals(new LocalDate(2026, 12, 31)).Should().BeFalse();
        sealings.Seals(new LocalDate(2027, 1, 1)).Should().BeTrue();
        sealings.Seals(new LocalDate(2027, 1, 3)).Should().BeTrue();
        sealings.Seals(new LocalDate(2027, 1, 4)).Should().BeFalse();
        sealings.Seals(new LocalDate(2026, 12, 30), new LocalDate(2026, 12, 31)).Should().BeFalse();
        sealings.Seals(new LocalDate(2026, 12, 31), new LocalDate(2027, 1, 1)).Should().BeTrue();
    }

    [Fact]
    public void A_sealing_starts_today_at_the_earliest_and_lasts_at_most_fifteen_days()
    {
        HolidaySealings.None.Declare(new SealCarsForm(Today, Today, "临时封存"), Sealing, Today, Now).ShouldAcceptOne<HolidaySealingDeclared>();
        HolidaySealings.None.Declare(new SealCarsForm(Today.PlusDays(-1), Today, "补登"), Sealing, Today, Now)
            .ShouldRefuse("sealing.in_the_past", ProblemKind.Invalid);

        var from = new LocalDate(2027, 2, 1);
        HolidaySealings.None.Declare(new SealCarsForm(from, from.PlusDays(14), "春节"), Sealing, Today, Now).ShouldAcceptOne<HolidaySealingDeclared>();
        HolidaySealings.None.Declare(new SealCarsForm(from, from.PlusDays(15), "春节"), Sealing, Today, Now)
            .ShouldRefuse("sealing.too_long", ProblemKind.Invalid);
        HolidaySealings.None.Declare(new SealCarsForm(from, from.PlusDays(-1), "春节"), Sealing, Today, Now)
            .ShouldRefuse("sealing.ends_before_start", ProblemKind.Invalid);
    }

    [Fact]
    public void A_sealing_needs_its_days_and_a_reason()
    {
        var refused = HolidaySealings.None.Declare(new SealCarsForm(null, null, " "), Sealing, Today, Now);

        refused.IsAccepted.Should().BeFalse();
        refused.Problems.Select(p => p.Field).Should().BeEquivalentTo(["from", "to", "reason"]);
    }

    [Fact]
    public void Sealings_do_not_overlap_but_may_follow_each_other()
    {
        Sealed.Declare(new SealCarsForm(new LocalDate(2027, 1, 3), new LocalDate(2027, 1, 5), "延长"), Other, Today, Now)
            .ShouldRefuse("sealing.overlaps", ProblemKind.Conflict);
        Sealed.Declare(new SealCarsForm(new LocalDate(2027, 1, 4), new LocalDate(2027, 1, 5), "续封"), Other, Today, Now)
            .ShouldAcceptOne<HolidaySealingDeclared>();
    }

    [Fact]
    public void Lifting_before_the_start_withdraws_the_sealing_and_its_days_are_free_again()
    {
        var lifted = Sealed.Lift(Sealing, new LiftSealingForm("假期安排调整"), Today, Now).ShouldAcceptOne<HolidaySealingLifted>();

        lifted.From.Should().Be(new LocalDate(2027, 1, 1), "lifted before it started, it never held");
        var after = Sealed.When(lifted);
        after.Seals(new LocalDate(2027, 1, 1), new LocalDate(2027, 1, 3)).Should().BeFalse();
        after.Declare(NewYear, Other, Today, Now).ShouldAcceptOne<HolidaySealingDeclared>();
        after.Lift(Sealing, new LiftSealingForm("再次解除"), Today, Now).ShouldRefuse("sealing.already_lifted", ProblemKind.Conflict);
    }

    [Fact]
    public void Lifting_during_the_sealing_frees_the_cars_from_that_day_on()
    {
        var secondDay = new LocalDate(2027, 1, 2);
        var lifted = Sealed.Lift(Sealing, new LiftSealingForm("应急保障需要"), secondDay, Now).ShouldAcceptOne<HolidaySealingLifted>();

        var after = Sealed.When(lifted);
        after.Seals(new LocalDate(2027, 1, 1)).Should().BeTrue("the first day was sealed and stays so in the record");
        after.Seals(secondDay).Should().BeFalse();
        after.Seals(new LocalDate(2027, 1, 3)).Should().BeFalse();
    }

    [Fact]
    public void A_sealing_that_is_over_or_unknown_cannot_be_lifted()
    {
        Sealed.Lift(Sealing, new LiftSealingForm("事后解除"), new LocalDate(2027, 1, 4), Now).ShouldRefuse("sealing.over", ProblemKind.Conflict);
        Sealed.Lift(Other, new LiftSealingForm("解除"), Today, Now).ShouldRefuse("sealing.not_found", ProblemKind.NotFound);
        Sealed.Lift(Sealing, new LiftSealingForm(""), Today, Now).IsAccepted.Should().BeFalse();
    }

    /// <summary>National Day 2026 (1–7 October) sealed, for the policy's tests with the 2026 calendar.</summary>
    private static HolidaySealings NationalDay => HolidaySealings.From(new HolidaySealingDeclared(Sealing, new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 7), "国庆假期车辆封存", Now));

    private static TripDetails OnOctober3 => Details with { Start = Local(2026, 10, 3, 9), End = Local(2026, 10, 3, 11) };

    [Fact]
    public void A_trip_on_a_sealed_day_needs_the_pool_offices_exception_after_the_chains_own_steps()
    {
        var outcome = Policy.Evaluate(OnOctober3, Shanghai, Year2026, NationalDay);

        outcome.Reasons.Should().Equal(PolicyReasons.PublicHoliday, PolicyReasons.HolidaySealed);
        outcome.Steps.Should().Equal(ApprovalOffice.Unit, ApprovalOffice.PoolOffice);
        Policy.Evaluate(OnOctober3, Shanghai, Year2026).Steps.Should().Equal([ApprovalOffice.Unit], "without the sealing the unit head alone decides");
    }

    [Fact]
    public void A_chain_that_gives_the_office_a_step_already_is_not_given_a_second()
    {
        var officeFirst = Policy with { Steps = [new ApprovalStep(ApprovalOffice.PoolOffice, [ApprovalConditions.AnyReason])] };

        officeFirst.Evaluate(OnOctober3, Shanghai, Year2026, NationalDay).Steps.Should().Equal(ApprovalOffice.PoolOffice);
    }

    [Fact]
    public void A_trip_back_at_midnight_before_the_sealing_or_on_a_day_it_was_lifted_is_not_sealed()
    {
        var eve = Details with { Start = Local(2026, 9, 30, 21), End = Local(2026, 10, 1) };
        Policy.Evaluate(eve, Shanghai, Year2026, NationalDay).Reasons.Should().NotContain(PolicyReasons.HolidaySealed);

        var lifted = NationalDay.When(new HolidaySealingLifted(Sealing, new LocalDate(2026, 10, 3), "应急保障需要", Now));
        Policy.Evaluate(OnOctober3, Shanghai, Year2026, lifted).Reasons.Should().NotContain(PolicyReasons.HolidaySealed);
        Policy.Evaluate(OnOctober3 with { Start = Local(2026, 10, 2, 9) }, Shanghai, Year2026, lifted).Reasons
            .Should().Contain(PolicyReasons.HolidaySealed, "the day before the lifting was sealed");
    }

    [Fact]
    public void An_emergency_on_a_sealed_day_still_goes_at_once_and_is_reviewed_with_the_sealing_among_its_reasons()
    {
        var outcome = Policy.Evaluate(OnOctober3 with { Urgency = TripUrgency.Emergency }, Shanghai, Year2026, NationalDay);

        outcome.Steps.Should().BeEmpty();
        outcome.Reasons.Should().Equal(PolicyReasons.Emergency, PolicyReasons.PublicHoliday, PolicyReasons.HolidaySealed);
    }
}
