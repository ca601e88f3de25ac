using NodaTime;

namespace Fleet.Domain.Notifications;

/// <summary>
/// When a car's or a driver's papers are worth a word to the fleet admins: 30, 7 and 1 days before they run out, each
/// once. A day missed (the server was down) is made up the next day by the same step, never skipped.
/// </summary>
public static class PaperNotices
{
    public static readonly int[] Steps = [30, 7, 1];

    /// <summary>The step a paper running out on <paramref name="until"/> has reached on <paramref name="today"/>, or null if none yet.</summary>
    public static int? Step(LocalDate today, LocalDate until)
    {
        var left = Period.DaysBetween(today, until);
        return Steps.Where(step => left <= step).Cast<int?>().LastOrDefault();
    }

    /// <summary>A paper that has run out, or runs out tomorrow, is urgent: dispatch will refuse the car or the driver.</summary>
    public static Notice For(LocalDate today, LocalDate until, Instant at) =>
        new(NotificationKind.PapersExpiring, Audience.PoolFleetAdmins, at, Step(today, until) == 1);
}
