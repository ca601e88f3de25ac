using Fleet.Domain.Calendar;
using Fleet.Domain.Common;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Calendar;

public class CalendarYearsTests
{
    private static readonly Instant Now = Instant.FromUtc(2025, 11, 5, 2, 0);

    private static LocalDate D(int month, int day) => new(2026, month, day);

    /// <summary>2026 as the State Council published it.</summary>
    public static readonly PublishCalendarYearForm China2026 = new(1,
    [
        new("元旦", D(1, 1), D(1, 3)),
        new("春节", D(2, 15), D(2, 23)),
        new("清明节", D(4, 4), D(4, 6)),
        new("劳动节", D(5, 1), D(5, 5)),
        new("端午节", D(6, 19), D(6, 21)),
        new("中秋节", D(9, 25), D(9, 27)),
        new("国庆节", D(10, 1), D(10, 7)),
    ], [D(1, 4), D(2, 14), D(2, 28), D(5, 9), D(9, 20), D(10, 10)]);

    private static CalendarYear Published(PublishCalendarYearForm form, CalendarYear? current = null) =>
        CalendarYear.From(CalendarYears.Publish(2026, form, current, Now).ShouldAcceptOne<CalendarYearPublished>());

    [Fact]
    public void The_first_publication_is_version_one_with_the_periods_in_date_order_and_the_make_up_days_sorted()
    {
        var shuffled = China2026 with { Holidays = [.. China2026.Holidays!.Reverse()], MakeUpDays = [D(10, 10), D(1, 4), D(2, 14), D(2, 14), D(2, 28), D(5, 9), D(9, 20)] };

        var published = CalendarYears.Publish(2026, shuffled, null, Now).ShouldAcceptOne<CalendarYearPublished>();

        published.Year.Should().Be(2026);
        published.Version.Should().Be(1);
        published.PublishedAt.Should().Be(Now);
        published.Holidays.Select(h => h.Name).Should().Equal("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节");
        published.MakeUpDays.Should().Equal(D(1, 4), D(2, 14), D(2, 28), D(5, 9), D(9, 20), D(10, 10));
    }

    [Theory]
    [InlineData(2, 16, DayKind.PublicHoliday)] // a Monday of 春节
    [InlineData(1, 1, DayKind.PublicHoliday)] // the first and the last day of a period are both off
    [InlineData(10, 7, DayKind.PublicHoliday)]
    [InlineData(10, 8, DayKind.WorkingDay)]
    [InlineData(2, 14, DayKind.MakeUpWorkingDay)] // a Saturday worked for 春节
    [InlineData(1, 4, DayKind.MakeUpWorkingDay)] // a Sunday worked for 元旦
    [InlineData(2, 7, DayKind.RestDay)] // an ordinary Saturday
    [InlineData(3, 8, DayKind.RestDay)] // an ordinary Sunday
    [InlineData(11, 3, DayKind.WorkingDay)] // a Tuesday
    public void A_day_is_what_the_year_makes_it(int month, int day, DayKind kind)
    {
        var calendar = new WorkingCalendar([Published(China2026)]);

        calendar.KindOf(D(month, day)).Should().Be(kind);
        calendar.IsWorked(D(month, day)).Should().Be(kind is DayKind.WorkingDay or DayKind.MakeUpWorkingDay);
    }

    [Fact]
    public void A_day_of_a_year_without_a_calendar_is_unknown_never_guessed()
    {
        var calendar = new WorkingCalendar([Published(China2026)]);

        calendar.KindOf(new LocalDate(2027, 1, 1)).Should().Be(DayKind.Unknown);
        calendar.IsWorked(new LocalDate(2027, 1, 4)).Should().BeNull("a Monday of 2027 may be a holiday nobody has entered yet");
        WorkingCalendar.None.IsWorked(D(11, 3)).Should().BeNull();
    }

    [Fact]
    public void A_year_names_the_holiday_a_day_belongs_to()
    {
        var year = Published(China2026);

        year.HolidayOf(D(10, 3))!.Name.Should().Be("国庆节");
        year.HolidayOf(D(10, 10)).Should().BeNull();
    }

    [Fact]
    public void A_correction_publishes_the_next_version_and_an_empty_year_is_a_valid_one()
    {
        var first = Published(China2026);

        var corrected = CalendarYears.Publish(2026, new PublishCalendarYearForm(2, [], []), first, Now).ShouldAcceptOne<CalendarYearPublished>();

        corrected.Version.Should().Be(2);
        CalendarYear.From(corrected).KindOf(D(2, 16)).Should().Be(DayKind.WorkingDay, "the correction left no holidays");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_version_other_than_the_next_is_a_conflict(int version)
    {
        var first = Published(China2026);

        var problem = CalendarYears.Publish(2026, China2026 with { Version = version }, first, Now).ShouldRefuse("calendar.version_not_next", ProblemKind.Conflict);

        problem.Args.Should().Equal(2026, 1, 2, version);
    }

    [Fact]
    public void A_year_outside_the_kept_ones_is_refused()
    {
        CalendarYears.Publish(1999, China2026, null, Now).ShouldRefuse("calendar.year_out_of_range", ProblemKind.Invalid);
        CalendarYears.Publish(2101, China2026, null, Now).ShouldRefuse("calendar.year_out_of_range", ProblemKind.Invalid);
    }

    [Fact]
    public void The_version_a_name_and_both_ends_of_a_period_are_required()
    {
        CalendarYears.Publish(2026, new PublishCalendarYearForm(null, [new(" ", null, null)], []), null, Now)
            .ShouldRefuseWith(("version", "validation.required"), ("holidays[0].name", "validation.required"),
                ("holidays[0].from", "validation.required"), ("holidays[0].to", "validation.required"));
    }

    [Fact]
    public void A_period_lies_in_its_year_ends_after_it_starts_and_lasts_at_most_a_fortnight()
    {
        CalendarYears.Publish(2026, new PublishCalendarYearForm(1,
            [
                new("元旦", new LocalDate(2025, 12, 31), D(1, 1)),
                new("春节", D(2, 23), D(2, 15)),
                new("国庆节", D(10, 1), D(10, 16)),
            ], []), null, Now)
            .ShouldRefuseWith(("holidays[0]", "calendar.holiday_outside_year"), ("holidays[1]", "calendar.holiday_ends_before_start"),
                ("holidays[2]", "calendar.holiday_too_long"));
    }

    [Fact]
    public void A_fortnight_is_the_longest_period()
    {
        Published(new PublishCalendarYearForm(1, [new("国庆节", D(10, 1), D(10, 15))], [])).Holidays.Single().DayCount().Should().Be(CalendarYears.LongestPeriod);
    }

    [Fact]
    public void Periods_sharing_a_day_are_refused()
    {
        CalendarYears.Publish(2026, new PublishCalendarYearForm(1, [new("中秋节", D(10, 1), D(10, 3)), new("国庆节", D(10, 3), D(10, 8))], []), null, Now)
            .ShouldRefuseWith(("holidays", "calendar.holidays_overlap"));
    }

    [Fact]
    public void A_make_up_day_is_a_weekend_day_of_the_year_outside_every_period()
    {
        CalendarYears.Publish(2026, new PublishCalendarYearForm(1, [new("国庆节", D(10, 1), D(10, 7))], [D(10, 9), new LocalDate(2027, 1, 2), D(10, 3)]), null, Now)
            .ShouldRefuseWith(("makeUpDays", "calendar.make_up_day_not_weekend"), ("makeUpDays", "calendar.make_up_day_outside_year"),
                ("makeUpDays", "calendar.make_up_day_in_holiday"));
    }

    [Fact]
    public void A_year_holds_a_bounded_number_of_periods_and_make_up_days()
    {
        var periods = Enumerable.Range(1, CalendarYears.MaxPeriods + 1).Select(i => new HolidayPeriodForm($"假日{i}", D(1, 1).PlusDays(i * 3), D(1, 1).PlusDays(i * 3))).ToList();
        var saturdays = Enumerable.Range(0, CalendarYears.MaxMakeUpDays + 1).Select(i => D(7, 4).PlusWeeks(i)).ToList();

        CalendarYears.Publish(2026, new PublishCalendarYearForm(1, periods, saturdays), null, Now)
            .ShouldRefuseWith(("holidays", "calendar.too_many_holidays"), ("makeUpDays", "calendar.too_many_make_up_days"));
    }
}
