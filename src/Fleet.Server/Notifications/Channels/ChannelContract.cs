namespace Fleet.Server.Notifications.Channels;

public enum ChannelKind { Email, WeCom, DingTalk, Sms }

/// <summary>
/// One message to one address on one channel. <see cref="DeliveryId"/> is stable per notification, recipient and
/// channel (the same on every retry, on every node): the e-mail's Message-ID and the gateway's idempotency key.
/// </summary>
public sealed record ChannelMessage(string DeliveryId, ChannelKind Channel, string Address, string Subject, string Body, Uri? Link);

public abstract record SendOutcome
{
    public sealed record Sent(string? ProviderReference) : SendOutcome;

    /// <summary>Worth trying again later (timeout, connection refused, 5xx, 429, a robot's rate limit); RetryAfter when the far end said.</summary>
    public sealed record Transient(string Reason, TimeSpan? RetryAfter) : SendOutcome;

    /// <summary>Will never succeed as it is (a bad address, a 4xx other than 429, a robot's bad key): parked at once.</summary>
    public sealed record Permanent(string Reason) : SendOutcome;
}

public interface IChannelSender
{
    ChannelKind Channel { get; }

    /// <summary>Whether configuration turns this channel on; an unconfigured channel is never called.</summary>
    bool IsConfigured { get; }

    /// <summary>Never throws for a far-end fault: every failure is an outcome. Honours the token and its own timeout.</summary>
    Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken);
}
