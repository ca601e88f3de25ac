using Fleet.Server.Notifications;
using Fleet.Server.Notifications.Channels;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Notifications;

/// <summary>What the delivery log records after each try, and when the next one comes.</summary>
public sealed class DeliveryRulesTests
{
    private static readonly TimeSpan[] Pauses = [TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1)];

    private static Claim.Taken Try(int attempt) => new("n1.email", ChannelKind.Email, "a@b.example", attempt, null);

    [Fact]
    public void A_sent_message_is_recorded_with_the_far_ends_reference_and_not_tried_again() =>
        DeliveryRules.After(Try(1), new SendOutcome.Sent("queued as 7"), Pauses)
            .Should().Be((new Attempted("n1.email", "sent", null, "queued as 7"), (TimeSpan?)null));

    [Fact]
    public void A_passing_fault_waits_the_pause_of_its_try_or_the_far_ends_longer_wait()
    {
        DeliveryRules.After(Try(1), new SendOutcome.Transient("HTTP 503", null), Pauses).RetryIn.Should().Be(TimeSpan.FromSeconds(15));
        DeliveryRules.After(Try(2), new SendOutcome.Transient("HTTP 503", null), Pauses)
            .Should().Be((new Attempted("n1.email", "retrying", "HTTP 503", null), (TimeSpan?)TimeSpan.FromMinutes(1)));
        DeliveryRules.After(Try(1), new SendOutcome.Transient("HTTP 429", TimeSpan.FromSeconds(40)), Pauses).RetryIn.Should().Be(TimeSpan.FromSeconds(40));
        DeliveryRules.After(Try(1), new SendOutcome.Transient("HTTP 429", TimeSpan.FromSeconds(5)), Pauses).RetryIn.Should().Be(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void A_passing_fault_after_the_last_pause_parks_the_delivery_with_its_words() =>
        DeliveryRules.After(Try(3), new SendOutcome.Transient("SMTP 451", null), Pauses)
            .Should().Be((new Attempted("n1.email", "parked", "SMTP 451", null), (TimeSpan?)null));

    [Fact]
    public void A_fault_that_never_passes_parks_the_delivery_at_once() =>
        DeliveryRules.After(Try(1), new SendOutcome.Permanent("SMTP 550"), Pauses)
            .Should().Be((new Attempted("n1.email", "parked", "SMTP 550", null), (TimeSpan?)null));
}
