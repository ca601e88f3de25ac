using System.Diagnostics;
using Npgsql;

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
        while (await MaxSeqAsync(database, "fleet_audit_links") < await MaxSeqAsync(database, "mt_events"))
        {
            if (waiting.Elapsed > (within ?? TimeSpan.FromMinutes(1)))
                throw new TimeoutException($"The audit chain did not catch up with the events in {waiting.Elapsed.TotalSeconds:0} s.");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(200));
        }
    }

    private static async Task<long> MaxSeqAsync(string database, string table)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from public.{table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
