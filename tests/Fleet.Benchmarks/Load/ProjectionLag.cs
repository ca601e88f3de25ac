using System.Diagnostics;
using Npgsql;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// How far the async projections and subscriptions are behind while commands run: every quarter second, the age of the
/// oldest stored event that one of them (<paramref name="shard"/>, or the slowest of all when left out) has not yet passed,
/// zero when every one has passed every event.
/// </summary>
internal sealed class ProjectionLag : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<double> _seconds = [];
    private readonly Task _sampling;

    public ProjectionLag(string connectionString, string? shard = null) => _sampling = SampleAsync(connectionString, shard);

    /// <summary>Where the slowest of them (or <paramref name="shard"/>) stands: the progressions the daemon keeps, its high water marks aside.</summary>
    private static string Passed(string? shard) => shard is null
        ? "(select min(last_seq_id) from public.mt_event_progression where name not like 'HighWater%')"
        : $"(select max(last_seq_id) from public.mt_event_progression where name = '{shard}')";

    private async Task SampleAsync(string connectionString, string? shard)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(StatementStatistics.Mark + $"""
            select coalesce(extract(epoch from clock_timestamp() - e.timestamp)::float8, 0) from public.mt_events e
            where e.seq_id > coalesce({Passed(shard)}, 0)
            order by e.seq_id limit 1
            """, connection);
        while (!_stop.IsCancellationRequested)
        {
            _seconds.Add(await command.ExecuteScalarAsync() is double age ? age : 0);
            await Task.Delay(250, _stop.Token).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>The lag of every sample, in seconds, in the order taken.</summary>
    public async Task<IReadOnlyList<double>> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        return _seconds;
    }

    /// <summary>
    /// Waits until they (or <paramref name="shard"/>) have passed every event stored so far; answers how long that took,
    /// or null when they had not after <paramref name="limit"/>.
    /// </summary>
    public static async Task<TimeSpan?> CatchUpAsync(string connectionString, TimeSpan limit, string? shard = null)
    {
        var started = Stopwatch.GetTimestamp();
        var last = await BenchmarkPostgres.ScalarAsync<long>(connectionString, StatementStatistics.Mark + "select coalesce(max(seq_id), 0) from public.mt_events");
        while (Stopwatch.GetElapsedTime(started) < limit)
        {
            if (await BenchmarkPostgres.ScalarAsync<long>(connectionString, StatementStatistics.Mark + $"select coalesce({Passed(shard)}, 0)") >= last)
                return Stopwatch.GetElapsedTime(started);
            await Task.Delay(100);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
