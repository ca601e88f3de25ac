using System.Security.Cryptography;
using System.Text;
using Fleet.Domain.Notifications;

namespace Fleet.Server.Notifications;

/// <summary>
/// What a notice says, beyond its kind: the words of the record it is about, taken when it was decided, so that the
/// text a person reads later, in either language, does not change with the record.
/// </summary>
public sealed record NotificationFacts(
    string? Order = null,
    string? Plate = null,
    string? Driver = null,
    string? Requester = null,
    string? Unit = null,
    IReadOnlyList<string>? Destinations = null,
    Instant? Start = null,
    string? Reason = null,
    string? Paper = null,
    LocalDate? Due = null,
    int? Count = null);

/// <summary>One notice as one person receives it, in the notification centre and on their channels.</summary>
public sealed record Notification(
    Guid Id,
    string Pool,
    Guid Recipient,
    NotificationKind Kind,
    bool Urgent,
    Guid? Subject,
    string Link,
    NotificationFacts Facts,
    Instant At,
    Instant? ReadAt = null);

public static class NotificationIds
{
    /// <summary>
    /// The id of a notification from what made it and who receives it: every node, every retry and every replay of the
    /// same event gives the same id, so the notification is stored and sent once.
    /// </summary>
    public static Guid For(string source, NotificationKind kind, Guid recipient)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{source}|{kind}|{recipient:N}"));
        // RFC 9562 version 8 (custom) with the variant bits set, so that it reads as a well-formed UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>
    /// The recipient a group robot's posts are stored under: no person, so they show in nobody's notification centre,
    /// yet each robot's posts are kept and logged like a person's.
    /// </summary>
    public static Guid Robot(Channels.ChannelKind channel, string code) =>
        For($"robot|{channel}|{code}", default, Guid.Empty);

    /// <summary>One delivery of a notification on one channel: also the e-mail's Message-ID and the gateway's idempotency key.</summary>
    public static string Delivery(Guid notification, string channel) => $"{notification:N}.{channel.ToLowerInvariant()}";
}
