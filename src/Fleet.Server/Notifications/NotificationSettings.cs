namespace Fleet.Server.Notifications;

/// <summary>
/// Section <c>Fleet:Notifications</c>: how long a request may wait before the unit's deputies are told, how old an event
/// may be and still be told of (a history loaded or replayed tells nobody), and how deliveries are tried again.
/// </summary>
public sealed class NotificationSettings
{
    public const string Section = "Fleet:Notifications";

    /// <summary>
    /// Whether this server decides notifications at all. Off, it neither reads the trips' events for them nor sends the
    /// day's notices, so nothing is queued on any channel; the centre and the bell still answer, with what was kept.
    /// </summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan ApprovalWaitLimit { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan NewerThan { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The pauses before each new try of a delivery that failed for a passing reason; after the last it is parked.
    /// Configured as a whole list (<c>RetryAfter:0</c>, <c>RetryAfter:1</c>, …), which replaces the default one.
    /// </summary>
    public TimeSpan[]? RetryAfter { get; set; }

    public static readonly TimeSpan[] DefaultRetryAfter =
        [TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)];

    public IReadOnlyList<TimeSpan> Pauses => RetryAfter is { Length: > 0 } configured ? configured : DefaultRetryAfter;

    /// <summary>How long a delivery stays claimed by a node that is sending it before another node may take it over.</summary>
    public TimeSpan SendingLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The local time the daily notices (papers running out, yesterday's compliance flags) go out.</summary>
    public TimeSpan DailyAt { get; set; } = TimeSpan.FromHours(8);

    public void Validate()
    {
        if (ApprovalWaitLimit <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:ApprovalWaitLimit must be longer than zero.");
        if (NewerThan <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:NewerThan must be longer than zero.");
        if (Pauses.Any(t => t <= TimeSpan.Zero)) throw new InvalidOperationException($"{Section}:RetryAfter must hold pauses longer than zero.");
        if (DailyAt < TimeSpan.Zero || DailyAt >= TimeSpan.FromDays(1)) throw new InvalidOperationException($"{Section}:DailyAt must be a time of day.");
    }
}
