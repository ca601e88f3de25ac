using MimeKit;

namespace Fleet.Server.Notifications.Channels;

/// <summary>How the e-mail channel connects to its SMTP server.</summary>
public enum SmtpSecurity { None, StartTls, SslOnConnect }

/// <summary>
/// The e-mail channel, <c>Fleet:Notifications:Email</c>: on when <see cref="Host"/> is set. The sender's address is
/// then required; the sign-in only when the server asks for one.
/// </summary>
public sealed class EmailChannelSettings
{
    public const string Section = "Fleet:Notifications:Email";

    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? FromAddress { get; set; }
    public string? FromName { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The settings as bound, refused at start with what to write instead when they cannot work.</summary>
    public static EmailChannelSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<EmailChannelSettings>() ?? new EmailChannelSettings();
        if (!settings.IsConfigured) return settings;
        if (settings.Port is < 1 or > 65535)
            throw new InvalidOperationException($"{Section}:Port must be a port number between 1 and 65535 (25, 465 or 587); it is {settings.Port}.");
        if (string.IsNullOrWhiteSpace(settings.FromAddress) || !MailboxAddress.TryParse(settings.FromAddress, out var from) || from.Address.IndexOf('@') <= 0)
            throw new InvalidOperationException($"{Section}:FromAddress must be the e-mail address notifications come from, such as fleet@example.gov.cn; it is \"{settings.FromAddress}\".");
        if (!string.IsNullOrEmpty(settings.UserName) && settings.Password is null)
            throw new InvalidOperationException($"{Section}:Password must be set when {Section}:UserName is.");
        ChannelSettings.CheckTimeout(Section, settings.Timeout);
        return settings;
    }
}

/// <summary>
/// The 企业微信 group robots, <c>Fleet:Notifications:WeCom</c>: one webhook address per unit or pool code
/// (<c>Robots:420103</c> = <c>https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…</c>). On when any robot is named.
/// </summary>
public sealed class WeComChannelSettings
{
    public const string Section = "Fleet:Notifications:WeCom";

    public Dictionary<string, string> Robots { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => Robots.Count > 0;

    public static WeComChannelSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<WeComChannelSettings>() ?? new WeComChannelSettings();
        settings.Robots = new Dictionary<string, string>(settings.Robots, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, url) in settings.Robots)
            ChannelSettings.CheckAddress($"{Section}:Robots:{name}", url, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…");
        ChannelSettings.CheckTimeout(Section, settings.Timeout);
        return settings;
    }
}

/// <summary>One 钉钉 custom robot: its webhook address and, when the robot signs (加签), the secret it shows (SEC…).</summary>
public sealed class DingTalkRobot
{
    public string? Url { get; set; }
    public string? Secret { get; set; }
}

/// <summary>
/// The 钉钉 custom robots, <c>Fleet:Notifications:DingTalk</c>: one per unit or pool code
/// (<c>Robots:420103:Url</c>, <c>Robots:420103:Secret</c>). On when any robot is named.
/// </summary>
public sealed class DingTalkChannelSettings
{
    public const string Section = "Fleet:Notifications:DingTalk";

    public Dictionary<string, DingTalkRobot> Robots { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => Robots.Count > 0;

    public static DingTalkChannelSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<DingTalkChannelSettings>() ?? new DingTalkChannelSettings();
        settings.Robots = new Dictionary<string, DingTalkRobot>(settings.Robots, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, robot) in settings.Robots)
            ChannelSettings.CheckAddress($"{Section}:Robots:{name}:Url", robot.Url, "https://oapi.dingtalk.com/robot/send?access_token=…");
        ChannelSettings.CheckTimeout(Section, settings.Timeout);
        return settings;
    }
}

/// <summary>
/// The SMS gateway, <c>Fleet:Notifications:Sms</c>: on when <see cref="Url"/> is set. The gateway's key, when it
/// wants one, travels in the header <see cref="ApiKeyHeader"/> (by default <c>X-Api-Key</c>). The contract the gateway
/// keeps is in docs/notifications.md.
/// </summary>
public sealed class SmsChannelSettings
{
    public const string Section = "Fleet:Notifications:Sms";
    public const string DefaultApiKeyHeader = "X-Api-Key";

    public string? Url { get; set; }
    public string? ApiKeyHeader { get; set; }
    public string? ApiKey { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);

    public static SmsChannelSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<SmsChannelSettings>() ?? new SmsChannelSettings();
        if (!settings.IsConfigured) return settings;
        ChannelSettings.CheckAddress($"{Section}:Url", settings.Url, "https://sms.example.gov.cn/messages");
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            settings.ApiKeyHeader = string.IsNullOrWhiteSpace(settings.ApiKeyHeader) ? DefaultApiKeyHeader : settings.ApiKeyHeader.Trim();
            if (!IsHeaderName(settings.ApiKeyHeader))
                throw new InvalidOperationException($"{Section}:ApiKeyHeader must be an HTTP header name such as {DefaultApiKeyHeader}; it is \"{settings.ApiKeyHeader}\".");
        }

        ChannelSettings.CheckTimeout(Section, settings.Timeout);
        return settings;
    }

    /// <summary>An HTTP header name is a token: visible ASCII without separators (RFC 9110, 5.6.2).</summary>
    private static bool IsHeaderName(string name) =>
        name.Length > 0 && name.All(c => c is > ' ' and < (char)127 && !"\"(),/:;<=>?@[\\]{}".Contains(c));
}

internal static class ChannelSettings
{
    /// <summary>A webhook or gateway address is an absolute http or https address, refused at start otherwise.</summary>
    public static Uri CheckAddress(string key, string? text, string example) =>
        Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
            ? address
            : throw new InvalidOperationException($"{key} must be an absolute http or https address such as {example}; it is \"{text}\".");

    public static void CheckTimeout(string section, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(10))
            throw new InvalidOperationException($"{section}:Timeout must be a time between 00:00:01 and 00:10:00 (hours:minutes:seconds); it is {timeout}.");
    }
}
