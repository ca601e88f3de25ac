using Fleet.Domain.Notifications;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Notifications;

public class PaperNoticesTests
{
    private static readonly LocalDate Today = new(2026, 11, 2);

    [Theory]
    [InlineData(31, null)]
    [InlineData(30, 30)]
    [InlineData(8, 30)]
    [InlineData(7, 7)]
    [InlineData(2, 7)]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    [InlineData(-3, 1)]
    public void Papers_reach_the_steps_30_7_and_1_days_before_they_run_out(int daysLeft, int? step) =>
        PaperNotices.Step(Today, Today.PlusDays(daysLeft)).Should().Be(step);

    [Fact]
    public void Only_the_last_step_is_urgent()
    {
        PaperNotices.For(Today, Today.PlusDays(1), Instant.FromUtc(2026, 11, 2, 0, 0)).Urgent.Should().BeTrue();
        PaperNotices.For(Today, Today.PlusDays(7), Instant.FromUtc(2026, 11, 2, 0, 0)).Should()
            .Be(new Notice(NotificationKind.PapersExpiring, Audience.PoolFleetAdmins, Instant.FromUtc(2026, 11, 2, 0, 0), false));
    }
}
