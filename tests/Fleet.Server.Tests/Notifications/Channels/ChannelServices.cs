using Fleet.Server.Notifications.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Fleet.Server.Tests.Notifications.Channels;

/// <summary>The channels as the server registers them, from the given settings, with a clock the test holds.</summary>
public sealed class ChannelServices : IDisposable
{
    /// <summary>Tuesday 2026-11-03 09:30 in Shanghai.</summary>
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 3, 1, 30, 0);

    private readonly ServiceProvider _provider;

    public ChannelServices(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(Clock);
        services.AddNotificationChannels(configuration);
        _provider = services.BuildServiceProvider();
    }

    public FakeClock Clock { get; } = new(Now);

    public IReadOnlyList<IChannelSender> Senders => _provider.GetServices<IChannelSender>().ToList();

    public IChannelSender Sender(ChannelKind channel) => Senders.Single(sender => sender.Channel == channel);

    public void Dispose() => _provider.Dispose();

    public static ChannelMessage Chinese(ChannelKind channel, string address, string deliveryId) => new(
        deliveryId, channel, address,
        "派车单已确认：鄂A·D1234",
        "您 11月3日 09:30 的用车申请已派车。\n司机：张伟，电话 13800138000。请提前五分钟到达东门。",
        new Uri("https://fleet.example.gov.cn/trips/6f1c2b9e-35a7-4c55-9d7e-2f8b1a0c4d11"));

    public static ChannelMessage English(ChannelKind channel, string address, string deliveryId) => new(
        deliveryId, channel, address,
        "Dispatch confirmed: 鄂A·D1234",
        "Your trip on 3 Nov at 09:30 has a vehicle.\nDriver: Zhang Wei, phone 13800138000. Please be at the east gate five minutes early.",
        new Uri("https://fleet.example.gov.cn/trips/6f1c2b9e-35a7-4c55-9d7e-2f8b1a0c4d11"));
}
