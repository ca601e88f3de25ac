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

    public async Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        if (!settings.Robots.TryGetValue(message.Address.Trim(), out var robot) || robot.Url is null)
            return new SendOutcome.Permanent($"No 钉钉 robot is configured for \"{message.Address}\" ({DingTalkChannelSettings.Section}:Robots).");

        using var request = new HttpRequestMessage(HttpMethod.Post, Address(robot, clock.GetCurrentInstant()))
        {
            Content = HttpDelivery.JsonBody(new
            {
                msgtype = "markdown",
                markdown = new { title = message.Subject.Trim(), text = RobotMarkdown.Write(message) },
            }),
        };
        var outcome = await HttpDelivery.SendAsync(clients.CreateClient(ClientName), request, clock, (_, body) => Read(body), cancellationToken);
        if (outcome is not SendOutcome.Sent)
            logger.LogWarning("The 钉钉 robot {Robot} did not take {Delivery}: {Outcome}", message.Address, message.DeliveryId, outcome);
        return outcome;
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
