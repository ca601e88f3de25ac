using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Text;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// What the benchmark's process allocates, by type: the runtime reports an allocation tick about every 100 KB allocated,
/// naming the type of the object that crossed the mark and the bytes since the last tick, so the bytes summed by type
/// are a sample of where the allocations go. Ticks count only while a span is open, each span under its setting's name.
/// Listening costs a little, so it is asked for (<c>--allocations</c>), never on in the figures' runs by default.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<(string Setting, string Type), long> _bytes = new();
    private readonly ConcurrentDictionary<string, double> _trips = new();
    private volatile string? _open;

    public void Open(string setting) => _open = setting;

    public void Close(double trips)
    {
        if (_open is { } setting) _trips.AddOrUpdate(setting, trips, (_, sum) => sum + trips);
        _open = null;
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (_open is not { } setting || e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null) return;
        var type = e.PayloadNames!.IndexOf("TypeName") is >= 0 and var t ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is >= 0 and var a ? Convert.ToInt64(e.Payload[a]) : 100_000;
        _bytes.AddOrUpdate((setting, type), amount, (_, sum) => sum + amount);
    }

    /// <summary>The types whose allocations a trip differ most between two settings, in KiB a trip.</summary>
    public string Report(string baseline, string other, int top = 25)
    {
        double PerTrip(string setting, string type) =>
            _trips.TryGetValue(setting, out var trips) && trips > 0 ? _bytes.GetValueOrDefault((setting, type)) / trips / 1024 : 0;

        var types = _bytes.Keys.Select(k => k.Type).Distinct()
            .Select(type => (Type: type, Baseline: PerTrip(baseline, type), Other: PerTrip(other, type)))
            .OrderByDescending(r => r.Other - r.Baseline).Take(top).ToList();
        var report = new StringBuilder();
        report.AppendLine($"| type (sampled about every 100 KB allocated) | KiB a trip, {baseline} | KiB a trip, {other} | difference |");
        report.AppendLine("|---|---:|---:|---:|");
        foreach (var (type, b, o) in types) report.AppendLine($"| `` {type} `` | {b:0.0} | {o:0.0} | {o - b:+0.0;-0.0} |");
        report.AppendLine($"| all types | {_bytes.Where(k => k.Key.Setting == baseline).Sum(k => k.Value) / Math.Max(1, _trips.GetValueOrDefault(baseline)) / 1024:0.0} " +
                          $"| {_bytes.Where(k => k.Key.Setting == other).Sum(k => k.Value) / Math.Max(1, _trips.GetValueOrDefault(other)) / 1024:0.0} | |");
        return report.ToString();
    }
}
