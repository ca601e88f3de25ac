using Fleet.Domain.Calendar;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using FluentAssertions;
using NodaTime;
using Xunit;
using static Fleet.Domain.Tests.Trips.TestTrip;

namespace Fleet.Domain.Tests.Trips;

public class ApprovalPolicyTests
{
    private static PolicyOutcome Evaluate(Instant start, Instant end, TripDetails? details = null) =>
        Policy.Evaluate((details ?? Details) with { Start = start, End = end }, Shanghai, Year2026);

    private static void ShouldBe(PolicyOutcome outcome, int levels, params string[] reasons)
    {
        outcome.Levels.Should().Be(levels);
        outcome.Reasons.Should().Equal(reasons);
    }

    [Fact]
    public void The_default_policy_is_version_1_with_office_hours_on_weekdays_four_hours_and_two_levels_for_a_bus()
    {
        Policy.Version.Should().Be(1);
        Policy.WorkdayStart.Should().Be(new LocalTime(8, 30));
        Policy.WorkdayEnd.Should().Be(new LocalTime(17, 30));
        Policy.Workdays.Should().BeEquivalentTo([IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday]);
        Policy.MaxAutoApprovedLength.Should().Be(Duration.FromHours(4));
        Policy.TwoLevelClasses.Should().BeEquivalentTo([VehicleClass.Bus]);
    }

    [Fact]
    public void A_short_trip_inside_the_city_during_office_hours_is_approved_at_once()
    {
        ShouldBe(Policy.Evaluate(Requested, Shanghai, Year2026), 0, PolicyReasons.WithinAutoLimits);
    }

    [Fact]
    public void A_trip_starting_at_0830_local_is_inside_working_hours_and_one_starting_at_0829_is_not()
    {
        ShouldBe(Evaluate(Local(2026, 11, 3, 8, 30), Local(2026, 11, 3, 10)), 0, PolicyReasons.WithinAutoLimits);
        ShouldBe(Evaluate(Local(2026, 11, 3, 8, 29), Local(2026, 11, 3, 10)), 1, PolicyReasons.OutsideWorkingHours);
    }

    [Fact]
    public void A_trip_back_exactly_at_1730_is_inside_working_hours_and_one_back_at_1731_is_not()
    {
        ShouldBe(Evaluate(Local(2026, 11, 3, 14), Local(2026, 11, 3, 17, 30)), 0, PolicyReasons.WithinAutoLimits);
        ShouldBe(Evaluate(Local(2026, 11, 3, 14), Local(2026, 11, 3, 17, 31)), 1, PolicyReasons.OutsideWorkingHours);
    }

    [Fact]
    public void Working_hours_are_read_on_the_wall_clock_of_the_zone_not_in_utc()
    {
        // 08:30 in Wuhan is 00:30 UTC: a policy read in UTC would call it the middle of the night.
        var start = Instant.FromUtc(2026, 11, 3, 0, 30);

        ShouldBe(Evaluate(start, start + Duration.FromHours(1)), 0, PolicyReasons.WithinAutoLimits);
        ShouldBe(Policy.Evaluate(Details with { Start = start, End = start + Duration.FromHours(1) }, DateTimeZone.Utc, Year2026),
            1, PolicyReasons.OutsideWorkingHours);
    }

    [Fact]
    public void A_trip_on_a_saturday_needs_the_unit_head()
    {
        ShouldBe(Evaluate(Local(2026, 11, 7, 9), Local(2026, 11, 7, 11)), 1, PolicyReasons.NotAWorkday);
    }

    [Fact]
    public void A_trip_of_exactly_four_hours_is_approved_at_once_and_one_of_four_hours_and_a_minute_is_not()
    {
        ShouldBe(Evaluate(Local(2026, 11, 3, 9), Local(2026, 11, 3, 13)), 0, PolicyReasons.WithinAutoLimits);
        ShouldBe(Evaluate(Local(2026, 11, 3, 9), Local(2026, 11, 3, 13, 1)), 1, PolicyReasons.LongerThanAutoLimit);
    }

    [Fact]
    public void An_overnight_trip_needs_two_levels()
    {
        ShouldBe(Evaluate(Local(2026, 11, 3, 14), Local(2026, 11, 4, 10)), 2,
            PolicyReasons.Overnight, PolicyReasons.OutsideWorkingHours, PolicyReasons.LongerThanAutoLimit);
    }

    [Fact]
    public void A_trip_back_at_midnight_spends_no_time_on_the_next_day_and_is_not_overnight()
    {
        ShouldBe(Evaluate(Local(2026, 11, 3, 21), Local(2026, 11, 4)), 1, PolicyReasons.OutsideWorkingHours);
    }

    [Fact]
    public void A_trip_out_of_the_city_needs_two_levels()
    {
        ShouldBe(Policy.Evaluate(Details with { OutOfRegion = true }, Shanghai, Year2026), 2, PolicyReasons.OutOfRegion);
    }

    [Fact]
    public void A_bus_needs_two_levels_and_a_trip_without_a_wanted_class_is_judged_on_the_rest()
    {
        ShouldBe(Policy.Evaluate(Details with { WantedClass = VehicleClass.Bus, Passengers = 30 }, Shanghai, Year2026), 2, PolicyReasons.TwoLevelClass);
        ShouldBe(Policy.Evaluate(Details with { WantedClass = null }, Shanghai, Year2026), 0, PolicyReasons.WithinAutoLimits);
    }

    [Fact]
    public void An_emergency_is_approved_at_once_for_review_and_keeps_the_reasons_that_would_otherwise_apply()
    {
        var outcome = Evaluate(Local(2026, 11, 7, 2), Local(2026, 11, 7, 6), Details with { Urgency = TripUrgency.Emergency, OutOfRegion = true });

        ShouldBe(outcome, 0, PolicyReasons.Emergency, PolicyReasons.OutOfRegion, PolicyReasons.NotAWorkday, PolicyReasons.OutsideWorkingHours);
        outcome.ReviewAfterwards.Should().BeTrue();
    }

    [Fact]
    public void An_emergency_inside_every_limit_is_still_reviewed()
    {
        var outcome = Policy.Evaluate(Details with { Urgency = TripUrgency.Emergency }, Shanghai, Year2026);

        ShouldBe(outcome, 0, PolicyReasons.Emergency);
        outcome.ReviewAfterwards.Should().BeTrue();
    }

    [Fact]
    public void A_normal_trip_is_not_reviewed_afterwards()
    {
        Policy.Evaluate(Details, Shanghai, Year2026).ReviewAfterwards.Should().BeFalse();
        Evaluate(Local(2026, 11, 7, 9), Local(2026, 11, 7, 11)).ReviewAfterwards.Should().BeFalse();
    }

    [Fact]
    public void A_changed_policy_applies_its_own_days_hours_limit_and_classes()
    {
        var weekendDuty = ApprovalPolicy.From(new PolicyChanged(2, new LocalTime(8, 0), new LocalTime(18, 0),
            [IsoDayOfWeek.Saturday], Duration.FromHours(2), [VehicleClass.Minibus], Now));

        weekendDuty.Version.Should().Be(2);
        ShouldBe(weekendDuty.Evaluate(Details with { Start = Local(2026, 11, 7, 8), End = Local(2026, 11, 7, 10) }, Shanghai, Year2026),
            0, PolicyReasons.WithinAutoLimits);
        ShouldBe(weekendDuty.Evaluate(Details, Shanghai, Year2026), 1, PolicyReasons.NotAWorkday);
        ShouldBe(weekendDuty.Evaluate(Details with { Start = Local(2026, 11, 7, 8), End = Local(2026, 11, 7, 10), WantedClass = VehicleClass.Minibus }, Shanghai, Year2026),
            2, PolicyReasons.TwoLevelClass);
    }

    [Fact]
    public void A_public_holiday_on_a_weekday_is_no_workday_and_says_so()
    {
        // Monday 5 October 2026, in the 国庆节 period.
        ShouldBe(Evaluate(Local(2026, 10, 5, 9), Local(2026, 10, 5, 11)), 1, PolicyReasons.PublicHoliday);
        ShouldBe(Evaluate(Local(2026, 10, 1, 9), Local(2026, 10, 1, 11)), 1, PolicyReasons.PublicHoliday);
        ShouldBe(Evaluate(Local(2026, 10, 7, 9), Local(2026, 10, 7, 11)), 1, PolicyReasons.PublicHoliday);
        ShouldBe(Evaluate(Local(2026, 10, 8, 9), Local(2026, 10, 8, 11)), 0, PolicyReasons.WithinAutoLimits);
    }

    [Fact]
    public void A_make_up_saturday_is_a_workday_and_an_ordinary_saturday_is_not()
    {
        ShouldBe(Evaluate(Local(2026, 10, 10, 9), Local(2026, 10, 10, 11)), 0, PolicyReasons.WithinAutoLimits);
        ShouldBe(Evaluate(Local(2026, 10, 10, 8), Local(2026, 10, 10, 11)), 1, PolicyReasons.OutsideWorkingHours);
        ShouldBe(Evaluate(Local(2026, 10, 17, 9), Local(2026, 10, 17, 11)), 1, PolicyReasons.NotAWorkday);
    }

    [Fact]
    public void A_day_of_a_year_without_a_calendar_is_not_guessed_the_unit_head_decides()
    {
        // Tuesday 2 November 2027: by the day of the week a workday, but 2027's holidays are not known.
        ShouldBe(Evaluate(Local(2027, 11, 2, 9), Local(2027, 11, 2, 11)), 1, PolicyReasons.CalendarUnknown);
        ShouldBe(Policy.Evaluate(Details, Shanghai, WorkingCalendar.None), 1, PolicyReasons.CalendarUnknown);
        var emergency = Evaluate(Local(2027, 11, 2, 9), Local(2027, 11, 2, 11), Details with { Urgency = TripUrgency.Emergency });
        ShouldBe(emergency, 0, PolicyReasons.Emergency, PolicyReasons.CalendarUnknown);
    }

    [Fact]
    public void A_pool_that_works_saturdays_keeps_them_but_not_a_public_holiday_on_one()
    {
        var sixDays = ApprovalPolicy.From(new PolicyChanged(2, new LocalTime(8, 30), new LocalTime(17, 30),
            [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday],
            Duration.FromHours(4), [], Now));

        ShouldBe(sixDays.Evaluate(Details with { Start = Local(2026, 10, 17, 9), End = Local(2026, 10, 17, 11) }, Shanghai, Year2026),
            0, PolicyReasons.WithinAutoLimits);
        ShouldBe(sixDays.Evaluate(Details with { Start = Local(2026, 10, 3, 9), End = Local(2026, 10, 3, 11) }, Shanghai, Year2026),
            1, PolicyReasons.PublicHoliday);
    }
}
