using Fleet.Domain.Notifications;
using Fleet.Server.Infrastructure;
using Fleet.Server.Notifications.Centre;
using Fleet.Server.Notifications.Channels;
using Wolverine.Marten;

namespace Fleet.Server.Notifications;

/// <summary>
/// Notifications (docs/adr/015): decided from the trips' events by a subscription of their own, kept per person in the
/// notification centre, rung live on every page, and delivered on the channels a person chose through Wolverine's
/// durable queues, each delivery sent once and logged.
/// </summary>
public sealed class NotificationsModule : IFleetModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(NotificationSettings.Section).Get<NotificationSettings>() ?? new NotificationSettings();
        settings.Validate();
        services.AddSingleton(settings);
        services.AddNotificationChannels(configuration);
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<NotificationDispatch>();
        services.AddSingleton<NotificationPost>();
        services.AddSingleton<NotificationBells>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationBells>());
        if (!settings.Enabled) return;

        // Everything that starts a notification: with these left out no notification is decided, so no delivery is queued.
        services.SubscribeToEventsWithServices<NotificationFeed>(ServiceLifetime.Singleton);
        services.AddHostedService<Timers.DailyNoticeClock>();
    }

    public void ConfigureStore(StoreOptions options, IServiceProvider services)
    {
        NotificationStore.AddTables(options);
        options.Schema.For<NotificationPreferences>();
    }

    public void MapEndpoints(WebApplication app) =>
        app.MapGet("/web/notifications", NotificationBells.StreamAsync).RequireAuthorization().ExcludeFromDescription();
}
