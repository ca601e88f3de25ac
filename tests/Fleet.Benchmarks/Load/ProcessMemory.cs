using System.Globalization;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// A process's resident memory read from <c>/proc</c> four times a second while a run lasts: its mean, and the peak
/// the kernel recorded (<c>VmHWM</c>), which also catches what falls between two readings.
/// </summary>
internal sealed class ProcessMemory : IAsyncDisposable
{
    private readonly int _processId;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<long> _samples = [];
    private readonly Task _sampling;

    public ProcessMemory(int processId)
    {
        _processId = processId;
        _sampling = SampleAsync();
    }

    public async Task<(long MeanBytes, long PeakBytes)> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        return (_samples.Count == 0 ? 0 : (long)_samples.Average(), Read("VmHWM"));
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            _samples.Add(Read("VmRSS"));
            try
            {
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // The run is over.
            }
        }
    }

    /// <summary>A line of /proc/&lt;pid&gt;/status such as <c>VmRSS:   123456 kB</c>, in bytes.</summary>
    private long Read(string field)
    {
        var line = File.ReadLines($"/proc/{_processId}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
