using Fleet.Domain.Notifications;
using Fleet.Server.Notifications.Channels;
using Fleet.Server.Web.Pages.Trips;
using Fleet.Server.Infrastructure.Database;

namespace Fleet.Server.Notifications;

/// <summary>Sends one delivery of a notification (its id in the delivery log). Durable: a restart sends what was queued.</summary>
public sealed record DeliverNotification(string Delivery);

/// <summary>
/// Sends a delivery once: it is claimed in the log first, so a second node or a repeated message finds it taken; a
/// passing fault is tried again after the configured pauses, and a delivery that keeps failing, or can never succeed,
/// is parked with the far end's words for the fleet administrators. The command that caused it has long finished: a
/// channel that is down slows nothing but its own deliveries.
/// </summary>
public static class DeliverNotificationHandler
{
    public static async Task Handle(DeliverNotification message, NotificationStore store, IEnumerable<IChannelSender> senders, IDocumentStore documents,
        NotificationSettings settings, IClock clock, DateTimeZone zone, IConfiguration configuration, IMessageBus bus, CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        switch (await store.ClaimAsync(message.Delivery, now, Duration.FromTimeSpan(settings.SendingLease), cancellation))
        {
            case Claim.Busy busy:
                // Pauses between tries are the far end's time, not the pool's: they run on the real clock.
                await bus.ScheduleAsync(message, TimeSpan.FromTicks(Math.Max((busy.LeaseEnds - now).BclCompatibleTicks, TimeSpan.TicksPerSecond)));
                return;
            case Claim.Taken taken:
                var outcome = await SendAsync(message.Delivery, taken, store, senders, documents, zone, configuration, cancellation);
                await WrittenDownAsync(() => RecordAsync(message, taken, outcome, store, settings, clock, bus, cancellation), cancellation);
                return;
        }
    }

    private static async Task<SendOutcome> SendAsync(string delivery, Claim.Taken taken, NotificationStore store, IEnumerable<IChannelSender> senders,
        IDocumentStore documents, DateTimeZone zone, IConfiguration configuration, CancellationToken cancellation)
    {
        var sender = senders.FirstOrDefault(s => s.Channel == taken.Channel && s.IsConfigured);
        if (sender is null) return new SendOutcome.Permanent($"The {taken.Channel} channel is not configured on this server.");
        if (await store.FindAsync(taken.Notification, cancellation) is not { } notification)
            return new SendOutcome.Permanent("The notification is no longer kept.");

        var preferences = await PreferencesAsync(taken.Channel, notification.Recipient, documents, cancellation);
        var words = NotificationWords.Write(notification, NotificationWords.Culture(preferences.Language), zone);
        var site = DispatchOrderCode.PublicAddress(configuration);
        var link = site is null ? null : new Uri(site, notification.Link.TrimStart('/'));
        var body = taken.Channel == ChannelKind.Sms ? words.Short : words.Text;

        try
        {
            return await sender.SendAsync(new ChannelMessage(delivery, taken.Channel, taken.Address, words.Title, body, link), cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            // A sender is not to throw for a far-end fault; one that does is treated as a passing fault, not lost.
            return new SendOutcome.Transient(e.Message, null);
        }
    }

    /// <summary>
    /// What a try did is written down even when the database is restarting: a message that went out but is not recorded
    /// as sent would be sent again by the next try once the delivery's lease ran out.
    /// </summary>
    private static async Task WrittenDownAsync(Func<Task> write, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (Exception e) when (DatabaseUnavailable.Is(e) && attempt < RecordAttempts && !cancellation.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            }
        }
    }

    /// <summary>About half a minute of a second apart: longer than a database takes to restart, shorter than a delivery's lease.</summary>
    private const int RecordAttempts = 30;

    /// <summary>A person's choice of language; a group robot is nobody and has none, so it is not looked for (half the deliveries of a trip).</summary>
    private static async Task<NotificationPreferences> PreferencesAsync(ChannelKind channel, Guid recipient, IDocumentStore documents, CancellationToken cancellation)
    {
        if (channel is ChannelKind.WeCom or ChannelKind.DingTalk) return NotificationPreferences.Default(recipient);
        await using var session = documents.QuerySession();
        return await session.Query<NotificationPreferences>().FirstOrDefaultAsync(p => p.AnyTenant() && p.Id == recipient, cancellation)
               ?? NotificationPreferences.Default(recipient);
    }

    private static async Task RecordAsync(DeliverNotification message, Claim.Taken taken, SendOutcome outcome, NotificationStore store,
        NotificationSettings settings, IClock clock, IMessageBus bus, CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        switch (outcome)
        {
            case SendOutcome.Sent sent:
                await store.RecordAsync(message.Delivery, "sent", null, sent.ProviderReference, now, cancellation);
                break;
            case SendOutcome.Transient passing when taken.Attempt <= settings.Pauses.Count:
                await store.RecordAsync(message.Delivery, "retrying", passing.Reason, null, now, cancellation);
                var pause = passing.RetryAfter is { } asked && asked > settings.Pauses[taken.Attempt - 1] ? asked : settings.Pauses[taken.Attempt - 1];
                await bus.ScheduleAsync(message, pause);
                break;
            case SendOutcome.Transient passing:
                await store.RecordAsync(message.Delivery, "parked", passing.Reason, null, now, cancellation);
                break;
            case SendOutcome.Permanent never:
                await store.RecordAsync(message.Delivery, "parked", never.Reason, null, now, cancellation);
                break;
        }
    }
}
