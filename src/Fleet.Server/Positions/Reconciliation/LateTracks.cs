using Fleet.Domain.Trips;
using Fleet.Server.Positions.Store;

namespace Fleet.Server.Positions.Reconciliation;

/// <summary>
/// A terminal out of signal keeps its fixes and uploads them later (JT/T 808 0x0704, blind-area supplement): a trip
/// already finished or a day already checked then has more track than its check saw. Asks for those checks again; the
/// checks' marks count the fixes, so a check that would read the same track adds nothing.
/// </summary>
public sealed class LateTracks(IDocumentStore store, IServiceScopeFactory scopes, DateTimeZone zone, ILogger<LateTracks> logger)
{
    /// <summary>A terminal with signal reports within seconds; a fix older than this on arrival was kept while out of signal.</summary>
    public static readonly Duration LateAfter = Duration.FromMinutes(5);

    /// <summary>Wider than any trip's slack and margin: the check itself reads exactly its trip's window.</summary>
    private static readonly Duration Reach = Duration.FromHours(12);

    /// <summary>
    /// Queues the checks the late fixes among <paramref name="stored"/> touch. The fixes are stored whatever happens here:
    /// a check that could not be queued is logged, and the trip's or day's next check reads them.
    /// </summary>
    public async Task RecheckAsync(IReadOnlyList<VehiclePosition> stored, Instant now, CancellationToken cancellation)
    {
        var late = stored.Where(p => p.Position.At < now - LateAfter).GroupBy(p => (p.Pool, p.VehicleId)).ToList();
        if (late.Count == 0) return;
        try
        {
            var today = now.InZone(zone).Date;
            var checks = new List<object>();
            foreach (var car in late)
            {
                var (pool, vehicle) = car.Key;
                var first = car.Min(p => p.Position.At) - Reach;
                var last = car.Max(p => p.Position.At) + Reach;
                await using var session = store.QuerySession(pool);
                var trips = await session.Query<Trip>()
                    .Where(t => t.Assignment!.VehicleId == vehicle && t.ReturnedAt != null && t.ReturnedAt > first && t.Details.Start < last)
                    .Select(t => t.Id).ToListAsync(cancellation);
                checks.AddRange(trips.Select(trip => new ReconcileTrip(pool, trip)));
                checks.AddRange(car.Select(p => p.Position.At.InZone(zone).Date).Distinct().Where(day => day < today)
                    .Select(day => new ReconcileDays(day, pool, vehicle)));
            }

            await using var scope = scopes.CreateAsyncScope();
            var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
            foreach (var check in checks) await bus.PublishAsync(check);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not queue the checks that {Cars} car(s)' late positions touch; their next checks read them", late.Count);
        }
    }
}
