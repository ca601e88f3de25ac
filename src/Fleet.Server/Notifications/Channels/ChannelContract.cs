namespace Fleet.Server.Notifications.Channels;

/// <summary>The ways a notification leaves Fleet: e-mail, a 企业微信 or 钉钉 group robot, a text message.</summary>
public enum ChannelKind { Email, WeCom, DingTalk, Sms }

/// <summary>
/// One message to one address on one channel. DeliveryId is stable per notification+recipient+channel
/// (the same on every retry, on every node): used as e-mail Message-ID, as the gateway's idempotency key.
/// </summary>
/// <param name="Address">
/// Email: an e-mail address; Sms: a normalised mainland mobile number (11 digits, starting with 1); WeCom and DingTalk:
/// the robot's name as configured, a unit or pool code (<c>Fleet:Notifications:WeCom:Robots:420103</c>).
/// </param>
/// <param name="Link">The page the message is about, written under the text; none for a message about nothing to open.</param>
public sealed record ChannelMessage(string DeliveryId, ChannelKind Channel, string Address, string Subject, string Body, Uri? Link);

/// <summary>What became of one attempt to send a <see cref="ChannelMessage"/>.</summary>
public abstract record SendOutcome
{
    /// <summary>The far end took the message; <paramref name="ProviderReference"/> is its own name for it, when it gave one.</summary>
    public sealed record Sent(string? ProviderReference) : SendOutcome;

    /// Worth trying again later (timeout, connection refused, 5xx, 429, robot rate limit); RetryAfter when the far end said.
    public sealed record Transient(string Reason, TimeSpan? RetryAfter) : SendOutcome;

    /// Will never succeed as it is (bad address, 4xx other than 429, robot errcode for a bad key): park at once.
    public sealed record Permanent(string Reason) : SendOutcome;
}

/// <summary>One channel's way out. Every configured and unconfigured channel has one; the caller asks <see cref="IsConfigured"/>.</summary>
public interface IChannelSender
{
    ChannelKind Channel { get; }

    /// Whether configuration turns this channel on; an unconfigured channel is never called.
    bool IsConfigured { get; }

    /// Never throws for a far-end fault: every failure is an outcome. Honours the CancellationToken and its own timeout.
    Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Several messages on this channel, an outcome for each in their order. A channel that can carry them together
    /// (one SMTP session, one robot post) does; otherwise they go one by one.
    /// </summary>
    Task<IReadOnlyList<SendOutcome>> SendAllAsync(IReadOnlyList<ChannelMessage> messages, CancellationToken cancellationToken) =>
        ChannelSending.OneByOneAsync(this, messages, cancellationToken);
}

public static class ChannelSending
{
    /// <summary>Each message in turn; one whose sender throws all the same is a passing fault, never lost and never counted sent.</summary>
    public static async Task<IReadOnlyList<SendOutcome>> OneByOneAsync(IChannelSender sender, IReadOnlyList<ChannelMessage> messages,
        CancellationToken cancellationToken)
    {
        var outcomes = new List<SendOutcome>(messages.Count);
        foreach (var message in messages) outcomes.Add(await GuardedAsync(() => sender.SendAsync(message, cancellationToken), cancellationToken));
        return outcomes;
    }

    public static async Task<SendOutcome> GuardedAsync(Func<Task<SendOutcome>> send, CancellationToken cancellationToken)
    {
        try
        {
            return await send();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome.Transient(e.Message, null);
        }
    }
}
