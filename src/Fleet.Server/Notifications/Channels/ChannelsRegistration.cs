namespace Fleet.Server.Notifications.Channels;

public static class ChannelsRegistration
{
    /// <summary>How much of an answer a webhook or gateway may send back: their answers are a few hundred bytes.</summary>
    private const long AnswerLimitBytes = 256 * 1024;

    /// <summary>
    /// The four channels, each an <see cref="IChannelSender"/> whether configured or not (an unconfigured one says so),
    /// with their settings read and checked now: a wrong address or timeout stops the start with what to write instead.
    /// The webhooks and the gateway each have their own named <see cref="HttpClient"/> with the channel's timeout.
    /// Needs an <see cref="IClock"/> and logging, which the server registers.
    /// </summary>
    public static IServiceCollection AddNotificationChannels(this IServiceCollection services, IConfiguration configuration)
    {
        var email = EmailChannelSettings.From(configuration);
        var weCom = WeComChannelSettings.From(configuration);
        var dingTalk = DingTalkChannelSettings.From(configuration);
        var sms = SmsChannelSettings.From(configuration);
        services.AddSingleton(email);
        services.AddSingleton(weCom);
        services.AddSingleton(dingTalk);
        services.AddSingleton(sms);

        AddClient(services, WeComRobotSender.ClientName, weCom.Timeout);
        AddClient(services, DingTalkRobotSender.ClientName, dingTalk.Timeout);
        AddClient(services, SmsGatewaySender.ClientName, sms.Timeout);

        services.AddSingleton<EmailSender>();
        services.AddSingleton<WeComRobotSender>();
        services.AddSingleton<DingTalkRobotSender>();
        services.AddSingleton<SmsGatewaySender>();
        services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<EmailSender>());
        services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<WeComRobotSender>());
        services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<DingTalkRobotSender>());
        services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<SmsGatewaySender>());
        return services;
    }

    private static void AddClient(IServiceCollection services, string name, TimeSpan timeout) =>
        services.AddHttpClient(name, client =>
        {
            client.Timeout = timeout;
            client.MaxResponseContentBufferSize = AnswerLimitBytes;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Fleet-Notifications/1.0");
        });
}
