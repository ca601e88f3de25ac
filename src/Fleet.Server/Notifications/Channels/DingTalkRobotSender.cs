using System.Security.Cryptography;
using System.Text;

namespace Fleet.Server.Notifications.Channels;

/// <summary>
/// A 钉钉 custom robot: a markdown message POSTed to the webhook configured for the address (a unit or pool code),
/// signed (加签) when the robot has a secret. The robot answers <c>{"errcode":0,"errmsg":"ok"}</c>; 130101 says it is
/// sending too often (20 a minute) and -1 that it is busy, both worth another try; any other code (a wrong token or
/// signature, a missing keyword, an address outside the robot's IP list) will not change by waiting.
/// </summary>
public sealed class DingTalkRobotSender(IHttpClientFactory clients, DingTalkChannelSettings settings, IClock clock, ILogger<DingTalkRobotSender> logger)
    : IChannelSender
{
    public const string ClientName = "Fleet.Notifications.DingTalk";
    public const long SendingTooFast = 130101, SystemBusy = -1;

    public ChannelKind Channel => ChannelKind.DingTalk;

    public bool IsConfigured => settings.IsConfigured;

    public Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken) =>
        PostAsync(message.Address.Trim(), [message], RobotMarkdown.Write(message), cancellationToken);

    /// <summary>Packed like 企业微信's posts, to the same size, so that a group on either robot reads the same posts.</summary>
    public Task<IReadOnlyList<SendOutcome>> SendAllAsync(IReadOnlyList<ChannelMessage> messages, CancellationToken cancellationToken) =>
        RobotMarkdown.PostAllAsync(messages, RobotMarkdown.WeComLimitBytes, (robot, pack, text) => PostAsync(robot, pack, text, cancellationToken), cancellationToken);

    private async Task<SendOutcome> PostAsync(string name, IReadOnlyList<ChannelMessage> pack, string markdown, CancellationToken cancellationToken)
    {
        if (!settings.Robots.TryGetValue(name, out var robot) || robot.Url is null)
            return new SendOutcome.Permanent($"No 钉钉 robot is configured for \"{name}\" ({DingTalkChannelSettings.Section}:Robots).");

        // The title is what the chat list shows of the post: its first notice's subject, the others after it.
        var title = string.Join("；", pack.Select(m => m.Subject.Trim()));
        using var request = new HttpRequestMessage(HttpMethod.Post, Address(robot, clock.GetCurrentInstant()))
        {
            Content = HttpDelivery.JsonBody(new { msgtype = "markdown", markdown = new { title = Shortened(title), text = markdown } }),
        };
        var outcome = await HttpDelivery.SendAsync(clients.CreateClient(ClientName), request, clock, (_, body) => Read(body), cancellationToken);
        if (outcome is not SendOutcome.Sent)
            logger.LogWarning("The 钉钉 robot {Robot} did not take {Deliveries}: {Outcome}", name, string.Join(", ", pack.Select(m => m.DeliveryId)), outcome);
        return outcome;
    }

    /// <summary>A title the chat list can show: at most 64 characters, never cut inside one.</summary>
    private static string Shortened(string title)
    {
        if (title.Length <= 64) return title;
        var keep = char.IsHighSurrogate(title[62]) ? 62 : 63;
        return title[..keep] + "…";
    }

    /// <summary>The webhook to call now: as configured, with <c>timestamp</c> and <c>sign</c> added when the robot signs.</summary>
    public static Uri Address(DingTalkRobot robot, Instant now)
    {
        var url = robot.Url!;
        if (string.IsNullOrEmpty(robot.Secret)) return new Uri(url);
        var timestamp = now.ToUnixTimeMilliseconds();
        var separator = url.Contains('?') ? "&" : "?";
        return new Uri($"{url}{separator}timestamp={timestamp}&sign={Uri.EscapeDataString(Signature(robot.Secret, timestamp))}");
    }

    /// <summary>钉钉's 加签: Base64 of HMAC-SHA256 over "timestamp\nsecret", keyed with the secret (URL-encoded by the caller).</summary>
    public static string Signature(string secret, long timestampMilliseconds)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{timestampMilliseconds}\n{secret}")));
    }

    /// <summary>The robot's answer to a request it took in: its errcode decides.</summary>
    public static SendOutcome Read(string body) => HttpDelivery.RobotAnswer(body) switch
    {
        null => new SendOutcome.Transient($"钉钉 answered without an errcode{HttpDelivery.Excerpt(body)}", null),
        (0, _) => new SendOutcome.Sent(null),
        (var code and (SendingTooFast or SystemBusy), var text) => new SendOutcome.Transient($"钉钉 errcode {code}: {text}", null),
        (var code, var text) => new SendOutcome.Permanent($"钉钉 errcode {code}: {text}"),
    };
}
