using FluentAssertions;
using Fleet.Server.Infrastructure.Time;
using NodaTime;
using NodaTime.Text;
using Xunit;

namespace Fleet.Server.Tests.Infrastructure;

/// <summary>Which day's message a daily clock queues: the daily notices at 08:00 and the car-day check at 03:00 both lean on it.</summary>
public sealed class DailyClockTests
{
    private static readonly LocalTime Eight = new(8, 0);

    [Theory]
    [InlineData("2029-03-14T07:59:59", "2029-03-13")]
    [InlineData("2029-03-14T08:00:00", "2029-03-14")]
    [InlineData("2029-03-14T23:59:59", "2029-03-14")]
    [InlineData("2029-03-15T00:00:00", "2029-03-14")]
    [InlineData("2029-01-01T07:00:00", "2028-12-31")]
    public void The_day_due_is_today_once_its_time_has_come_else_yesterday(string now, string due) =>
        DailyClock.Due(LocalDateTimePattern.ExtendedIso.Parse(now).Value, Eight).Should().Be(LocalDatePattern.Iso.Parse(due).Value);

    [Fact]
    public void A_clock_at_midnight_is_due_the_same_day_all_day() =>
        DailyClock.Due(new LocalDateTime(2029, 3, 14, 0, 0), LocalTime.Midnight).Should().Be(new LocalDate(2029, 3, 14));
}
