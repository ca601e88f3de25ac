using System.Diagnostics;

namespace Fleet.Benchmarks.Load;

/// <summary>Latencies of one run by command, and how many commands completed in how long.</summary>
internal sealed class Tally
{
    private readonly Dictionary<string, List<double>> _milliseconds = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<(DateTime Finished, string Command, double Milliseconds)> _stalled = [];
    private TimeSpan? _elapsed;

    /// <summary>A command that took longer than this is kept with the moment it finished, to be laid beside other records of that moment.</summary>
    private const double StalledMilliseconds = 500;

    public void Add(string command, TimeSpan latency)
    {
        lock (_milliseconds)
        {
            if (!_milliseconds.TryGetValue(command, out var list)) _milliseconds[command] = list = [];
            list.Add(latency.TotalMilliseconds);
            if (latency.TotalMilliseconds > StalledMilliseconds) _stalled.Add((DateTime.UtcNow, command, latency.TotalMilliseconds));
        }
    }

    /// <summary>The commands that took longer than half a second, the slowest first, with when (UTC) each finished.</summary>
    public IReadOnlyList<(DateTime Finished, string Command, double Milliseconds)> Stalled(int most)
    {
        lock (_milliseconds) return _stalled.OrderByDescending(s => s.Milliseconds).Take(most).ToList();
    }

    /// <summary>Ends the run: what completes later is not counted in the throughput.</summary>
    public void Stop() => _elapsed = Stopwatch.GetElapsedTime(_started);

    public int Count
    {
        get
        {
            lock (_milliseconds) return _milliseconds.Values.Sum(l => l.Count);
        }
    }

    /// <summary>How many commands of one kind completed: with <c>finish</c>, how many trips.</summary>
    public int CountOf(string command)
    {
        lock (_milliseconds) return _milliseconds.GetValueOrDefault(command)?.Count ?? 0;
    }

    /// <summary>Several finished runs as one: all their commands, over the sum of their durations.</summary>
    public static Tally Together(IEnumerable<Tally> runs)
    {
        var together = new Tally { _elapsed = TimeSpan.Zero };
        foreach (var run in runs)
        {
            lock (run._milliseconds)
                foreach (var (command, latencies) in run._milliseconds)
                {
                    if (!together._milliseconds.TryGetValue(command, out var list)) together._milliseconds[command] = list = [];
                    list.AddRange(latencies);
                }

            lock (run._milliseconds) together._stalled.AddRange(run._stalled);

            together._elapsed += run._elapsed ?? throw new InvalidOperationException("A run is put together with others once it has stopped.");
        }

        return together;
    }

    public double Throughput => Count / (_elapsed ?? Stopwatch.GetElapsedTime(_started)).TotalSeconds;

    /// <summary>The latency below which <paramref name="share"/> of the commands (of one kind, or all) completed.</summary>
    public double Percentile(string? command, double share)
    {
        List<double> sorted;
        lock (_milliseconds)
            sorted = (command is null ? _milliseconds.Values.SelectMany(l => l) : _milliseconds.GetValueOrDefault(command) ?? []).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
