using System.Diagnostics;

namespace Fleet.Testing;

/// <summary>
/// The audit chain's keeper extends a database's chain every few seconds, not as events are written: whatever a test or a
/// measurement reads of the chain waits until it has caught up.
/// </summary>
public static class AuditChainWatch
{
    /// <summary>Waits until every event stored in <paramref name="database"/> is chained.</summary>
    public static async Task CaughtUpAsync(string database, TimeSpan? within = null, TimeSpan? every = null)
    {
        var waiting = Stopwatch.StartNew();
        while (await ProvinceFleet.ScalarAsync<long>(database, "select coalesce(max(seq_id), 0) from public.fleet_audit_links")
               < await ProvinceFleet.ScalarAsync<long>(database, "select coalesce(max(seq_id), 0) from public.mt_events"))
        {
            if (waiting.Elapsed > (within ?? TimeSpan.FromMinutes(1)))
                throw new TimeoutException($"The audit chain did not catch up with the events in {waiting.Elapsed.TotalSeconds:0} s.");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(200));
        }
    }
}
