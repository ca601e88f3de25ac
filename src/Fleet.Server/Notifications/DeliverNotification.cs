using Fleet.Domain.Notifications;
using Fleet.Server.Notifications.Channels;
using Fleet.Server.Web.Pages.Trips;
using Fleet.Server.Infrastructure.Database;

namespace Fleet.Server.Notifications;

/// <summary>
/// Sends one delivery of a notification (its id in the delivery log): a retry, or one held back by quiet hours. Durable.
/// <paramref name="Pool"/> names the database the delivery is kept in (ADR 025); a message from before it was named has none
/// and reads the main database, the only one then.
/// </summary>
public sealed record DeliverNotification(string Delivery, string? Pool = null);

/// <summary>Sends the deliveries decided together (a page of events, a day's notices) in one go. Durable: a restart sends what was queued.</summary>
public sealed record DeliverNotifications(IReadOnlyList<string> Deliveries, string? Pool = null);

public static class DeliverNotificationHandler
{
    public static Task Handle(DeliverNotification message, NotificationPost post, IMessageBus bus, CancellationToken cancellation) =>
        post.SendAsync([message.Delivery], message.Pool, bus, cancellation);

    public static Task Handle(DeliverNotifications message, NotificationPost post, IMessageBus bus, CancellationToken cancellation) =>
        post.SendAsync(message.Deliveries, message.Pool, bus, cancellation);
}

/// <summary>
/// Sends deliveries once: they are claimed in the log first, so a second node or a repeated message finds them taken; a
/// passing fault is tried again after the configured pauses, and a delivery that keeps failing, or can never succeed,
/// is parked with the far end's words for the fleet administrators. The commands that caused them have long finished: a
/// channel that is down slows nothing but its own deliveries. Deliveries sent together cost one claim, one look at their
/// readers' languages and one record of outcomes, whatever their number.
/// </summary>
public sealed class NotificationPost(NotificationStore store, IEnumerable<IChannelSender> senders, IDocumentStore documents, NotificationSettings settings,
    IClock clock, DateTimeZone zone, IConfiguration configuration)
{
    public async Task SendAsync(IReadOnlyCollection<string> deliveries, string? pool, IMessageBus bus, CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        var claims = await store.ClaimAsync(deliveries, pool, now, Duration.FromTimeSpan(settings.SendingLease), cancellation);
        // Pauses between tries are the far end's time, not the pool's: they run on the real clock.
        foreach (var busy in claims.Busy)
            await bus.ScheduleAsync(new DeliverNotification(busy.Delivery, pool), TimeSpan.FromTicks(Math.Max((busy.LeaseEnds - now).BclCompatibleTicks, TimeSpan.TicksPerSecond)));
        if (claims.Taken.Count == 0) return;

        var outcomes = await SendAllAsync(claims.Taken, pool, cancellation);
        var next = claims.Taken.Select(taken => DeliveryRules.After(taken, outcomes[taken.Delivery], settings.Pauses)).ToList();
        await WrittenDownAsync(() => store.RecordAsync(next.Select(n => n.Attempted).ToList(), pool, clock.GetCurrentInstant(), cancellation), cancellation);
        foreach (var (attempted, retryIn) in next)
            if (retryIn is { } pause) await bus.ScheduleAsync(new DeliverNotification(attempted.Delivery, pool), pause);
    }

    /// <summary>Each channel's messages handed to it together, the channels side by side.</summary>
    private async Task<Dictionary<string, SendOutcome>> SendAllAsync(IReadOnlyList<Claim.Taken> taken, string? pool, CancellationToken cancellation)
    {
        var outcomes = new Dictionary<string, SendOutcome>();
        var languages = await LanguagesAsync(taken, pool, cancellation);
        var site = DispatchOrderCode.PublicAddress(configuration);
        var ready = new List<(ChannelMessage Message, IChannelSender Sender)>();
        foreach (var delivery in taken)
        {
            var sender = senders.FirstOrDefault(s => s.Channel == delivery.Channel && s.IsConfigured);
            if (sender is null) outcomes[delivery.Delivery] = new SendOutcome.Permanent($"The {delivery.Channel} channel is not configured on this server.");
            else if (delivery.Notification is not { } notification) outcomes[delivery.Delivery] = new SendOutcome.Permanent("The notification is no longer kept.");
            else ready.Add((Message(delivery, notification, languages.GetValueOrDefault(notification.Recipient), site), sender));
        }

        var sent = await Task.WhenAll(ready.GroupBy(r => r.Sender).Select(async channel =>
        {
            var messages = channel.Select(r => r.Message).ToList();
            var results = await channel.Key.SendAllAsync(messages, cancellation);
            return messages.Zip(results);
        }));
        foreach (var (message, outcome) in sent.SelectMany(s => s)) outcomes[message.DeliveryId] = outcome;
        return outcomes;
    }

    private ChannelMessage Message(Claim.Taken delivery, Notification notification, string? language, Uri? site)
    {
        var words = NotificationWords.Write(notification, NotificationWords.Culture(language ?? NotificationPreferences.Default(notification.Recipient).Language), zone);
        var link = site is null ? null : new Uri(site, notification.Link.TrimStart('/'));
        return new ChannelMessage(delivery.Delivery, delivery.Channel, delivery.Address, words.Title, delivery.Channel == ChannelKind.Sms ? words.Short : words.Text, link);
    }

    /// <summary>The readers' choices of language, in one look; a group robot is nobody and has none, so it is not looked for.</summary>
    private async Task<Dictionary<Guid, string>> LanguagesAsync(IReadOnlyList<Claim.Taken> taken, string? pool, CancellationToken cancellation)
    {
        var people = taken.Where(t => t.Channel is ChannelKind.Email or ChannelKind.Sms && t.Notification is not null)
            .Select(t => t.Notification!.Recipient).Distinct().ToArray();
        if (people.Length == 0) return [];
        await using var session = pool is null ? documents.QuerySession() : documents.QuerySession(pool);
        var preferences = await session.Query<NotificationPreferences>().Where(p => p.AnyTenant() && p.Id.IsOneOf(people)).ToListAsync(cancellation);
        return preferences.ToDictionary(p => p.Id, p => p.Language);
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
}

public static class DeliveryRules
{
    /// <summary>
    /// What the log records of a try and when to try again: sent; a passing fault tried again after the next pause (or
    /// the far end's own wait, when longer) until the pauses run out; then, or at once for a fault that never passes, parked.
    /// </summary>
    public static (Attempted Attempted, TimeSpan? RetryIn) After(Claim.Taken taken, SendOutcome outcome, IReadOnlyList<TimeSpan> pauses) => outcome switch
    {
        SendOutcome.Sent sent => (new Attempted(taken.Delivery, "sent", null, sent.ProviderReference), null),
        SendOutcome.Transient passing when taken.Attempt <= pauses.Count =>
            (new Attempted(taken.Delivery, "retrying", passing.Reason, null),
                passing.RetryAfter is { } asked && asked > pauses[taken.Attempt - 1] ? asked : pauses[taken.Attempt - 1]),
        SendOutcome.Transient passing => (new Attempted(taken.Delivery, "parked", passing.Reason, null), null),
        SendOutcome.Permanent never => (new Attempted(taken.Delivery, "parked", never.Reason, null), null),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}
