using Fleet.Domain.Notifications;
using Fleet.Domain.Trips;
using Fleet.Server.Notifications.Channels;

namespace Fleet.Server.Notifications;

/// <summary>
/// Tells the people a notice names: their notifications and the deliveries their preferences ask for, written with the
/// caller's transaction, and a message for each delivery, sent when the reader's quiet hours allow.
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

    public Task TellAsync(IQuerySession session, IDocumentOperations operations, IMessageBus bus, string source, Notice notice, string pool,
        Trip? trip, NotificationFacts facts, string link, Instant now, CancellationToken cancellation) =>
        TellAsync(new NotificationLookups(session), operations, bus, source, notice, pool, trip, facts, link, now, cancellation);

    public async Task TellAsync(NotificationLookups lookups, IDocumentOperations operations, IMessageBus bus, string source, Notice notice, string pool,
        Trip? trip, NotificationFacts facts, string link, Instant now, CancellationToken cancellation)
    {
        foreach (var (channel, robot) in Robots(notice, trip, pool))
        {
            var post = new Notification(NotificationIds.For(source, notice.Kind, NotificationIds.Robot(channel, robot)), pool,
                NotificationIds.Robot(channel, robot), notice.Kind, notice.Urgent, trip?.Id, link, facts, notice.At);
            store.Add(operations, post);
            var delivery = NotificationIds.Delivery(post.Id, channel.ToString());
            store.AddDelivery(operations, delivery, post, channel.ToString(), robot, now);
            await bus.PublishAsync(new DeliverNotification(delivery));
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
                var message = new DeliverNotification(delivery);
                if (sendAt > now) await bus.ScheduleAsync(message, sendAt.ToDateTimeOffset());
                else await bus.PublishAsync(message);
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
