using System.Diagnostics;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// Notices when the load's own process stops running: a thread of its own asks to sleep 10 ms at a time and keeps every
/// wake-up that came more than a tenth of a second late, with the moment (UTC). A late wake-up on a thread outside the thread
/// pool means the process was paused (its collector) or the machine did not run it; commands that stalled at that moment
/// were not the server's doing.
/// </summary>
internal sealed class Pauses : IDisposable
{
    private static readonly TimeSpan Nap = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Late = TimeSpan.FromMilliseconds(100);
    private readonly List<(DateTime Woke, TimeSpan Late)> _seen = [];
    private readonly Thread _watch;
    private volatile bool _stopped;

    public Pauses()
    {
        _watch = new Thread(Watch) { IsBackground = true, Name = "load pauses" };
        _watch.Start();
    }

    /// <summary>The wake-ups more than a tenth of a second late, the latest first, at most <paramref name="most"/>.</summary>
    public IReadOnlyList<(DateTime Woke, TimeSpan Late)> Seen(int most)
    {
        lock (_seen) return _seen.OrderByDescending(p => p.Late).Take(most).ToList();
    }

    private void Watch()
    {
        while (!_stopped)
        {
            var asleep = Stopwatch.GetTimestamp();
            Thread.Sleep(Nap);
            var late = Stopwatch.GetElapsedTime(asleep) - Nap;
            if (late > Late)
                lock (_seen) _seen.Add((DateTime.UtcNow, late));
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _watch.Join();
    }
}
