using Fleet.Domain.Notifications;
using Fleet.Domain.Trips;
using Fleet.Server.Notifications.Channels;

namespace Fleet.Server.Notifications;

/// <summary>
/// Tells the people a notice names: their notifications and the deliveries their preferences ask for, written with the
/// caller's transaction, and the deliveries gathered in <see cref="Outgoing"/>, sent when the reader's quiet hours allow.
/// </summary>
public sealed class NotificationDispatch(IEnumerable<IChannelSender> senders, WeComChannelSettings weCom,
    DingTalkChannelSettings dingTalk, DateTimeZone zone, Infrastructure.Database.CityMap cities)
{
    private readonly HashSet<ChannelKind> _configured = senders.Where(s => s.IsConfigured).Select(s => s.Channel).ToHashSet();

    /// <summary>
    /// The group robots a notice is posted to: the requesting unit's for what concerns the unit, the pool's for what
    /// concerns the dispatch centre, its drivers and supervisors. One post per notice and robot, whoever in it is told.
    /// </summary>
    private IEnumerable<(ChannelKind Channel, string Robot)> Robots(Notice notice, Trip? trip, string pool)
    {
        var group = notice.Audience is Audience.Requester or Audience.UnitApprovers or Audience.UnitDeputies && trip is not null ? trip!.UnitCode : pool;
        if (_configured.Contains(ChannelKind.WeCom) && weCom.Robots.ContainsKey(group)) yield return (ChannelKind.WeCom, group);
        if (_configured.Contains(ChannelKind.DingTalk) && dingTalk.Robots.ContainsKey(group)) yield return (ChannelKind.DingTalk, group);
    }

    public Task TellAsync(IQuerySession session, Outgoing outgoing, string source, Notice notice, string pool,
        Trip? trip, NotificationFacts facts, string link, Instant now, CancellationToken cancellation) =>
        TellAsync(new NotificationLookups(session), outgoing, source, notice, pool, trip, facts, link, now, cancellation);

    public async Task TellAsync(NotificationLookups lookups, Outgoing outgoing, string source, Notice notice, string pool,
        Trip? trip, NotificationFacts facts, string link, Instant now, CancellationToken cancellation)
    {
        foreach (var (channel, robot) in Robots(notice, trip, pool))
        {
            var post = new Notification(NotificationIds.For(source, notice.Kind, NotificationIds.Robot(channel, robot)), pool,
                NotificationIds.Robot(channel, robot), notice.Kind, notice.Urgent, trip?.Id, link, facts, notice.At);
            outgoing.Add(post);
            outgoing.Deliver(post, channel, robot, at: null);
        }

        var people = await NotificationRecipients.ForAsync(lookups, cities, notice, trip, pool, cancellation);
        await lookups.PrefetchPreferencesAsync(people.Select(p => p.Id), cancellation);
        foreach (var person in people)
        {
            var wants = await lookups.PreferencesAsync(person.Id, cancellation);
            if (!wants.Wants(notice.Kind) && !notice.Urgent) continue;

            var notification = new Notification(NotificationIds.For(source, notice.Kind, person.Id), person.Pool, person.Id, notice.Kind,
                notice.Urgent, trip?.Id, link, facts, notice.At);
            outgoing.Add(notification);

            var sendAt = wants.SendAt(now, notice.Urgent, zone);
            foreach (var (channel, address) in Addresses(wants))
                outgoing.Deliver(notification, channel, address, sendAt > now ? sendAt : null);
        }
    }

    private IEnumerable<(ChannelKind Channel, string Address)> Addresses(NotificationPreferences wants)
    {
        if (wants.Channels.Contains(PersonalChannel.Email) && wants.Email is { Length: > 0 } email && _configured.Contains(ChannelKind.Email))
            yield return (ChannelKind.Email, email);
        if (wants.Channels.Contains(PersonalChannel.Sms) && wants.Mobile is { Length: > 0 } mobile && _configured.Contains(ChannelKind.Sms))
            yield return (ChannelKind.Sms, mobile);
    }
}

/// <summary>
/// The notifications and deliveries decided in one transaction (a page of events, a day's notices of a pool), written
/// and queued with it when it commits: the rows in two statements, the deliveries due now as few messages, so that a
/// page's mails go over one SMTP session and a group robot hears a page's notices in one post (a robot takes 20 posts a
/// minute); each delivery held back by quiet hours as a message of its own.
/// </summary>
public sealed class Outgoing
{
    /// <summary>Enough to share a connection and a post, few enough that one message's sends take seconds, not minutes.</summary>
    public const int PerMessage = 100;

    private readonly Dictionary<Guid, Notification> _notifications = [];
    private readonly Dictionary<string, (Queued Delivery, Instant? At)> _deliveries = [];

    public void Add(Notification notification) => _notifications.TryAdd(notification.Id, notification);

    /// <summary>A delivery of <paramref name="notification"/>, sent <paramref name="at"/> a later moment or, without one, at once.</summary>
    public void Deliver(Notification notification, ChannelKind channel, string address, Instant? at)
    {
        var id = NotificationIds.Delivery(notification.Id, channel.ToString());
        _deliveries.TryAdd(id, (new Queued(id, notification.Id, notification.Pool, channel, address), at));
    }

    public async Task QueueAsync(NotificationStore store, IDocumentOperations operations, IMessageBus bus, Instant now)
    {
        store.AddAll(operations, _notifications.Values, _deliveries.Values.Select(d => d.Delivery).ToList(), now);
        // Each message names the pool whose city's database keeps its deliveries (ADR 025).
        foreach (var pool in _deliveries.Values.Where(d => d.At is null).GroupBy(d => d.Delivery.Pool, d => d.Delivery.Id))
        {
            foreach (var chunk in pool.Chunk(PerMessage)) await bus.PublishAsync(new DeliverNotifications(chunk, pool.Key));
        }

        foreach (var (delivery, at) in _deliveries.Values.Where(d => d.At is not null))
            await bus.ScheduleAsync(new DeliverNotification(delivery.Id, delivery.Pool), at!.Value.ToDateTimeOffset());
        _notifications.Clear();
        _deliveries.Clear();
    }
}
