using NodaTime;

namespace Fleet.Domain.Notifications;

/// <summary>
/// One thing to tell one audience, decided from one event or one moment. The people it reaches are looked up when it
/// is delivered, from <see cref="Audience"/> and, for a driver, <see cref="Driver"/>; <see cref="Actor"/> is never told
/// of what they did themself. <see cref="Urgent"/> ones pass a reader's quiet hours.
/// </summary>
public sealed record Notice(NotificationKind Kind, Audience Audience, Instant At, bool Urgent, Guid? Driver = null, Guid? Actor = null);
