using Fleet.Domain.Notifications;
using Fleet.Domain.Trips;
using Fleet.Server.Notifications.Channels;

namespace Fleet.Server.Notifications;

/// <summary>
/// Tells the people a notice names: their notifications and the deliveries their preferences ask for, written with the
/// caller's transaction, and the deliveries gathered in <see cref="Outgoing"/>, sent when the reader's quiet hours allow.
/// </summary>
public sealed class NotificationDispatch(NotificationStore store, IEnumerable<IChannelSender> senders, WeComChannelSettings weCom,
    DingTalkChannelSettings dingTalk, DateTimeZone zone)
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

    public Task TellAsync(IQuerySession session, IDocumentOperations operations, Outgoing outgoing, string source, Notice notice, string pool,
        Trip? trip, NotificationFacts facts, string link, Instant now, CancellationToken cancellation) =>
        TellAsync(new NotificationLookups(session), operations, outgoing, source, notice, pool, trip, facts, link, now, cancellation);

    public async Task TellAsync(NotificationLookups lookups, IDocumentOperations operations, Outgoing outgoing, string source, Notice notice, string pool,
        Trip? trip, NotificationFacts facts, string link, Instant now, CancellationToken cancellation)
    {
        foreach (var (channel, robot) in Robots(notice, trip, pool))
        {
            var post = new Notification(NotificationIds.For(source, notice.Kind, NotificationIds.Robot(channel, robot)), pool,
                NotificationIds.Robot(channel, robot), notice.Kind, notice.Urgent, trip?.Id, link, facts, notice.At);
            store.Add(operations, post);
            var delivery = NotificationIds.Delivery(post.Id, channel.ToString());
            store.AddDelivery(operations, delivery, post, channel.ToString(), robot, now);
            outgoing.Now(delivery);
        }

        var people = await NotificationRecipients.ForAsync(lookups, notice, trip, pool, cancellation);
        foreach (var person in people)
        {
            var wants = await lookups.PreferencesAsync(person.Id, cancellation);
            if (!wants.Wants(notice.Kind) && !notice.Urgent) continue;

            var notification = new Notification(NotificationIds.For(source, notice.Kind, person.Id), person.Pool, person.Id, notice.Kind,
                notice.Urgent, trip?.Id, link, facts, notice.At);
            store.Add(operations, notification);

            var sendAt = wants.SendAt(now, notice.Urgent, zone);
            foreach (var (channel, address) in Addresses(wants))
            {
                var delivery = NotificationIds.Delivery(notification.Id, channel.ToString());
                store.AddDelivery(operations, delivery, notification, channel.ToString(), address, now);
                if (sendAt > now) outgoing.At(delivery, sendAt);
                else outgoing.Now(delivery);
            }
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
/// The deliveries decided in one transaction (a page of events, a day's notices), queued with it when it commits: those
/// due now as few messages, so that a page's mails go over one SMTP session and a group robot hears a page's notices in
/// one post (a robot takes 20 posts a minute); each one held back by quiet hours as a message of its own.
/// </summary>
public sealed class Outgoing
{
    /// <summary>Enough to share a connection and a post, few enough that one message's sends take seconds, not minutes.</summary>
    public const int PerMessage = 100;

    private readonly List<string> _now = [];
    private readonly List<(string Delivery, Instant At)> _later = [];

    public void Now(string delivery) => _now.Add(delivery);

    public void At(string delivery, Instant at) => _later.Add((delivery, at));

    public async Task QueueAsync(IMessageBus bus)
    {
        foreach (var chunk in _now.Distinct().Chunk(PerMessage)) await bus.PublishAsync(new DeliverNotifications(chunk));
        foreach (var (delivery, at) in _later) await bus.ScheduleAsync(new DeliverNotification(delivery), at.ToDateTimeOffset());
        _now.Clear();
        _later.Clear();
    }
}
