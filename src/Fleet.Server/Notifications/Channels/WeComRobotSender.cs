namespace Fleet.Server.Notifications.Channels;

/// <summary>
/// A 企业微信 group robot: a markdown message POSTed to the webhook configured for the address (a unit or pool code).
/// The robot answers <c>{"errcode":0,"errmsg":"ok"}</c>; 45009 says it is sending too often (20 a minute) and -1 that
/// it is busy, both worth another try; any other code (a removed robot, a wrong key, a refused message) will not change.
/// </summary>
public sealed class WeComRobotSender(IHttpClientFactory clients, WeComChannelSettings settings, IClock clock, ILogger<WeComRobotSender> logger)
    : IChannelSender
{
    public const string ClientName = "Fleet.Notifications.WeCom";
    public const long FrequencyLimit = 45009, SystemBusy = -1;

    public ChannelKind Channel => ChannelKind.WeCom;

    public bool IsConfigured => settings.IsConfigured;

    public Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken) =>
        PostAsync(message.Address.Trim(), [message], RobotMarkdown.Write(message, RobotMarkdown.WeComLimitBytes), cancellationToken);

    public Task<IReadOnlyList<SendOutcome>> SendAllAsync(IReadOnlyList<ChannelMessage> messages, CancellationToken cancellationToken) =>
        RobotMarkdown.PostAllAsync(messages, RobotMarkdown.WeComLimitBytes, (robot, pack, text) => PostAsync(robot, pack, text, cancellationToken), cancellationToken);

    private async Task<SendOutcome> PostAsync(string robot, IReadOnlyList<ChannelMessage> pack, string markdown, CancellationToken cancellationToken)
    {
        if (!settings.Robots.TryGetValue(robot, out var url))
            return new SendOutcome.Permanent($"No 企业微信 robot is configured for \"{robot}\" ({WeComChannelSettings.Section}:Robots).");

        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = HttpDelivery.JsonBody(new { msgtype = "markdown", markdown = new { content = markdown } }),
        };
        var outcome = await HttpDelivery.SendAsync(clients.CreateClient(ClientName), request, clock, (_, body) => Read(body), cancellationToken);
        if (outcome is not SendOutcome.Sent)
            logger.LogWarning("The 企业微信 robot {Robot} did not take {Deliveries}: {Outcome}", robot, string.Join(", ", pack.Select(m => m.DeliveryId)), outcome);
        return outcome;
    }

    /// <summary>The robot's answer to a request it took in: its errcode decides.</summary>
    public static SendOutcome Read(string body) => HttpDelivery.RobotAnswer(body) switch
    {
        null => new SendOutcome.Transient($"企业微信 answered without an errcode{HttpDelivery.Excerpt(body)}", null),
        (0, _) => new SendOutcome.Sent(null),
        (var code and (FrequencyLimit or SystemBusy), var text) => new SendOutcome.Transient($"企业微信 errcode {code}: {text}", null),
        (var code, var text) => new SendOutcome.Permanent($"企业微信 errcode {code}: {text}"),
    };
}
