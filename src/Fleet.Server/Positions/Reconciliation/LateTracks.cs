using System.Collections.Concurrent;
using Fleet.Domain.Trips;
using Fleet.Server.Positions.Store;

namespace Fleet.Server.Positions.Reconciliation;

/// <summary>
/// A terminal out of signal keeps its fixes and uploads them later (JT/T 808 0x0704, blind-area supplement): a trip
/// already finished or a day already checked then has more track than its check saw. Asks for those checks again, once a
/// car-day's upload has had <see cref="PositionSettings.LateCheckAfter"/> to arrive; the checks' marks count the fixes,
/// so a check that would read the same track adds nothing.
/// </summary>
public sealed class LateTracks(IServiceScopeFactory scopes, PositionSettings settings, DateTimeZone zone, ILogger<LateTracks> logger)
{
    /// <summary>A terminal with signal reports within seconds; a fix older than this on arrival was kept while out of signal.</summary>
    public static readonly Duration LateAfter = Duration.FromMinutes(5);

    private readonly LateCheckSchedule _schedule = new(Duration.FromTimeSpan(settings.LateCheckAfter));

    /// <summary>
    /// Queues a recheck of each car-day the late fixes among <paramref name="stored"/> fall on, unless one is already due
    /// late enough to read them: an upload of thousands of fixes in many batches costs one recheck a car-day, not one a
    /// batch. The fixes are stored whatever happens here: a recheck that could not be queued is logged, and the trip's or
    /// day's next check reads them.
    /// </summary>
    public async Task RecheckAsync(IReadOnlyList<VehiclePosition> stored, Instant now, CancellationToken cancellation)
    {
        var carDays = new List<LateCarDay>();
        foreach (var carDay in stored.Where(p => p.Position.At < now - LateAfter)
                     .Select(p => new LateCarDay(p.Pool, p.VehicleId, p.Position.At.InZone(zone).Date)).Distinct())
            if (_schedule.Queue(carDay, now)) carDays.Add(carDay);
        if (carDays.Count == 0) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
            var today = now.InZone(zone).Date;
            foreach (var (pool, vehicle, day) in carDays)
            {
                var recheck = new RecheckLateTrack(pool, vehicle, day, DayOver: day < today);
                if (settings.LateCheckAfter == TimeSpan.Zero) await bus.PublishAsync(recheck);
                else await bus.ScheduleAsync(recheck, settings.LateCheckAfter);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var carDay in carDays) _schedule.Forget(carDay);
            logger.LogWarning(e, "Could not queue the checks that {Count} car-day(s) of late positions touch; their next checks read them", carDays.Count);
        }
    }
}

public sealed record LateCarDay(string Pool, Guid Vehicle, LocalDate Day);

/// <summary>
/// Which car-days already have a recheck due late enough. A recheck queued at t runs at t + the wait or later and reads
/// every fix stored by then, so fixes stored before its due time, less a margin for the batch being written, need no
/// other; after that a new one is queued. Per node: two nodes may each queue one, and the marks make the second a no-op.
/// </summary>
public sealed class LateCheckSchedule(Duration wait)
{
    /// <summary>A batch stored now is committed well within this of its arrival.</summary>
    private static readonly Duration Margin = Duration.FromSeconds(5);

    private readonly ConcurrentDictionary<LateCarDay, Instant> _due = new();

    /// <summary>True when a recheck of <paramref name="carDay"/> has to be queued now (and it is counted as queued).</summary>
    public bool Queue(LateCarDay carDay, Instant now)
    {
        if (_due.TryGetValue(carDay, out var due) && now + Margin < due) return false;
        if (_due.Count > 10_000) Forget(now);
        _due[carDay] = now + wait;
        return true;
    }

    public void Forget(LateCarDay carDay) => _due.TryRemove(carDay, out _);

    private void Forget(Instant now)
    {
        foreach (var (carDay, due) in _due)
            if (due <= now) _due.TryRemove(carDay, out _);
    }
}

/// <summary>
/// Checks again the finished trips of a car whose late fixes fell on <see cref="Day"/>, and the day itself when it was
/// over as they arrived; a day still running is checked by the day check the night after it, which reads them.
/// </summary>
public sealed record RecheckLateTrack(string Pool, Guid Vehicle, LocalDate Day, bool DayOver);

public static class RecheckLateTrackHandler
{
    /// <summary>Wider than any trip's slack and margin: each check itself reads exactly its trip's window.</summary>
    private static readonly Duration Reach = Duration.FromHours(12);

    public static async Task<OutgoingMessages> Handle(RecheckLateTrack message, IDocumentStore store, DateTimeZone zone, CancellationToken cancellation)
    {
        var from = message.Day.AtStartOfDayInZone(zone).ToInstant() - Reach;
        var until = message.Day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant() + Reach;
        await using var session = store.QuerySession(message.Pool);
        var trips = await session.Query<Trip>()
            .Where(t => t.Assignment!.VehicleId == message.Vehicle && t.ReturnedAt != null && t.ReturnedAt > from && t.Details.Start < until)
            .Select(t => t.Id).ToListAsync(cancellation);

        var checks = new OutgoingMessages();
        checks.AddRange(trips.Select(trip => new ReconcileTrip(message.Pool, trip)));
        if (message.DayOver) checks.Add(new ReconcileDays(message.Day, message.Pool, message.Vehicle));
        return checks;
    }
}
