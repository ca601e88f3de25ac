using Fleet.Domain.Notifications;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Domain.Tests.Notifications;

/// <summary>A person's preferences: what they may send, and when quiet hours hold a message back.</summary>
public class NotificationPreferencesTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly Guid Person = Guid.Parse("01900000-0000-7000-8000-0000000000e1");

    private static Instant At(int day, int hour, int minute = 0) => new LocalDateTime(2026, 11, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();

    private static readonly NotificationPreferences Night = NotificationPreferences.Default(Person);

    [Theory]
    [InlineData(3, 21, 59, 3, 21, 59)]
    [InlineData(3, 22, 0, 4, 7, 0)]
    [InlineData(4, 2, 30, 4, 7, 0)]
    [InlineData(4, 7, 0, 4, 7, 0)]
    public void Quiet_hours_over_midnight_hold_a_message_until_they_end(int day, int hour, int minute, int sentDay, int sentHour, int sentMinute) =>
        Night.SendAt(At(day, hour, minute), urgent: false, Shanghai).Should().Be(At(sentDay, sentHour, sentMinute));

    [Fact]
    public void An_urgent_message_passes_quiet_hours_and_no_quiet_hours_hold_nothing()
    {
        Night.SendAt(At(3, 23), urgent: true, Shanghai).Should().Be(At(3, 23));
        (Night with { QuietFrom = null, QuietUntil = null }).SendAt(At(3, 23), urgent: false, Shanghai).Should().Be(At(3, 23));
        (Night with { QuietFrom = new LocalTime(12, 0), QuietUntil = new LocalTime(13, 30) }).SendAt(At(3, 12, 10), false, Shanghai).Should().Be(At(3, 13, 30));
    }

    [Fact]
    public void A_form_is_read_into_preferences_with_the_mobile_number_compacted()
    {
        var (preferences, problems) = NotificationPreferencesInput.Parse(Person, new NotificationPreferencesForm(
            " zhang.wei@example.gov.cn ", "+86 138-0013-8000", ["email", "Sms", "Email"], ["TripFinished"], "21:30", "06:30", "en"));

        problems.Should().BeEmpty();
        preferences.Should().BeEquivalentTo(new NotificationPreferences(Person, "zhang.wei@example.gov.cn", "13800138000",
            [PersonalChannel.Email, PersonalChannel.Sms], [NotificationKind.TripFinished], new LocalTime(21, 30), new LocalTime(6, 30), "en"));
        preferences!.Wants(NotificationKind.TripFinished).Should().BeFalse();
        preferences.Wants(NotificationKind.TripDispatched).Should().BeTrue();
    }

    [Fact]
    public void Each_wrong_field_is_named_with_its_own_code()
    {
        var (preferences, problems) = NotificationPreferencesInput.Parse(Person, new NotificationPreferencesForm(
            "zhang.wei@", null, ["Sms", "Pigeon", "1"], ["Nothing"], "25:00", null, "fr"));

        preferences.Should().BeNull();
        problems.Select(p => (p.Code, p.Field)).Should().BeEquivalentTo(new[]
        {
            ("notifications.email_invalid", "email"), ("notifications.channel_unknown", "channels"), ("notifications.channel_unknown", "channels"),
            ("notifications.kind_unknown", "muted"), ("notifications.time_invalid", "quietFrom"), ("notifications.mobile_missing", "mobile"),
            ("notifications.language_unknown", "language"),
        });
    }

    [Fact]
    public void Half_a_quiet_time_is_refused()
    {
        NotificationPreferencesInput.Parse(Person, new NotificationPreferencesForm(QuietUntil: "07:00")).Problems
            .Should().ContainSingle().Which.Code.Should().Be("notifications.quiet_hours_half");
    }
}
