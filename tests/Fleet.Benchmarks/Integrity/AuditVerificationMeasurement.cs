using System.Diagnostics;
using Fleet.Benchmarks.Projections;
using Fleet.Samples.DemoCity;
using Fleet.Server.Integrity;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Benchmarks.Integrity;

/// <summary>
/// What a verification of the whole city costs from its last signed checkpoint, against the full run from the first
/// event, over the demo city at each size, loaded as <c>rebuild</c> loads it (kept across runs with <c>--data</c>).
/// Each size's chain is made again, with checkpoints signed at given numbers of events before the end of the history (the
/// first by a full run); then, round after round, each of them is made the newest again and the city verified from it;
/// last, verified with nothing after the newest checkpoint. The events after a checkpoint are the city's own, the last of
/// its year, so a verification from the checkpoint checks the same kind and number of events at every size, and only the
/// history before it differs.
/// </summary>
internal static class AuditVerificationMeasurement
{
    /// <param name="afters">How many events each verification from a checkpoint finds after it; multiples of the keeper's
    /// batch of 5,000, so that each checkpoint falls where it is meant to.</param>
    /// <param name="rounds">How many times each number is measured at each size.</param>
    public static async Task<string> RunAsync(IReadOnlyList<DemoCitySize> sizes, string? folder, IReadOnlyList<int> afters, int rounds)
    {
        var measured = new List<Verified>();
        await using (var postgres = new BenchmarkPostgres(folder))
        {
            var databases = await RebuildMeasurement.DemoCitiesAsync(postgres, sizes, Console.WriteLine, "audit");
            foreach (var (size, connection) in databases)
            {
                await using var app = RebuildMeasurement.Host(connection, postgres, chainKeeper: false);
                await app.StartAsync();
                var chain = app.Services.GetRequiredService<AuditChainStore>();
                var verifier = app.Services.GetRequiredService<AuditVerifier>();
                var keeper = ActivatorUtilities.CreateInstance<AuditChainKeeper>(app.Services);
                // Timers that came due at the start appended events past the daemon's high-water mark, which the chain waits for.
                var store = app.Services.GetRequiredService<IDocumentStore>();
                using (var daemon = await store.BuildProjectionDaemonAsync()) await RebuildMeasurement.CatchUpAsync(daemon, store);
                var history = await BenchmarkPostgres.ScalarAsync<long>(connection, "select count(*) from public.mt_events");

                Console.WriteLine($"{size.Name}: chaining {history:N0} events again …");
                await BenchmarkPostgres.ExecuteAsync(connection, $"truncate {chain.Links}, {chain.Digests}, {chain.Checkpoints}, {chain.Verifications}");
                var end = await chain.SafeUpToAsync(CancellationToken.None);
                var chaining = Stopwatch.StartNew();
                // The keeper chains 5,000 events at a time, so each checkpoint lands up to that many events short of the number asked.
                var signedAt = new Dictionary<int, long>();
                foreach (var after in afters.OrderDescending())
                {
                    // A verification signs its checkpoint where the chain ends, and checks the seals of the events after that too.
                    signedAt[after] = await ExtendToAsync(keeper, chain, end - after);
                    if (signedAt.Count == 1) await VerifyAsync(VerificationStart.Start, Full, null);
                    else await verifier.VerifyAsync(null, null, VerificationStart.Checkpoint, null, CancellationToken.None);
                }

                var reached = await ExtendToAsync(keeper, chain, long.MaxValue);
                Console.WriteLine($"  chained to {reached:N0}, checkpoints signed, in {chaining.Elapsed.TotalSeconds:0.0} s");
                await BenchmarkPostgres.ExecuteAsync(connection, $"drop table if exists {Signed}; create table {Signed} as select * from {chain.Checkpoints}");
                try
                {
                    for (var round = 1; round <= rounds; round++)
                    {
                        foreach (var after in afters)
                        {
                            // The newest checkpoint is again the one signed that many events before the end.
                            await BenchmarkPostgres.ExecuteAsync(connection,
                                $"delete from {chain.Checkpoints}; insert into {chain.Checkpoints} select * from {Signed} where seq_id <= {signedAt[after]}");
                            await VerifyAsync(VerificationStart.Checkpoint, FromCheckpoint, after, round);
                        }
                    }

                    // Each of those signed a checkpoint at the end: nothing after it.
                    for (var round = 1; round <= rounds; round++) await VerifyAsync(VerificationStart.Checkpoint, FromCheckpoint, 0, round);
                }
                finally
                {
                    await BenchmarkPostgres.ExecuteAsync(connection, $"drop table {Signed}");
                }

                await app.StopAsync();

                async Task VerifyAsync(VerificationStart from, string what, int? after, int round = 1)
                {
                    var took = Stopwatch.StartNew();
                    var verification = await verifier.VerifyAsync(null, null, from, null, CancellationToken.None);
                    took.Stop();
                    if (!verification.Intact)
                        throw new InvalidOperationException($"The chain of {size.Name} is not intact: {string.Join("; ", verification.Breaks.Take(3))}");
                    measured.Add(new Verified(size.Name, history, what, after, round, verification.EventsChecked, took.Elapsed));
                    Console.WriteLine(Row(measured[^1]));
                }
            }
        }

        var report = string.Join(Environment.NewLine, [.. Summary(measured, sizes.Select(s => s.Name).ToList(), afters), "",
            "Each verification, in the order run:", "",
            "| size | events in the store | verification | round | events checked (the city's chain) | seconds | events checked a second |",
            "|---|---:|---|---:|---:|---:|---:|", .. measured.Select(Row)]);
        Console.WriteLine();
        Console.WriteLine(report);
        return report;
    }

    /// <summary>Chains batch after batch until the city's chain reaches <paramref name="sequence"/> or the last committed event.</summary>
    private static async Task<long> ExtendToAsync(AuditChainKeeper keeper, AuditChainStore chain, long sequence)
    {
        await using var connection = await chain.DataSource.OpenConnectionAsync();
        while (true)
        {
            var heads = await chain.HeadsAsync(connection, CancellationToken.None);
            var head = heads.TryGetValue(AuditChain.City, out var city) ? city.Sequence : 0;
            if (head >= sequence || await keeper.ExtendAsync(connection, CancellationToken.None) == 0) return head;
        }
    }

    private static string Row(Verified v) =>
        $"| {v.Size} | {v.History:N0} | {v.What} | {v.Round} | {v.Events:N0} | {v.Took.TotalSeconds:0.000} | {v.Rate:N0} |";

    /// <summary>
    /// The medians of the verifications from a checkpoint for each size and number of events after it, and how they grow with
    /// the events checked (they should, in proportion) and with the history before the checkpoint (they should not).
    /// </summary>
    private static IEnumerable<string> Summary(List<Verified> measured, List<string> sizes, IReadOnlyList<int> afters)
    {
        yield return "Medians of the rounds (the spread in brackets):";
        yield return "";
        yield return "| size | events in the store | verification | events checked | seconds | events checked a second |";
        yield return "|---|---:|---|---:|---:|---:|";
        foreach (var group in measured.GroupBy(v => (v.Size, v.What, v.After)))
        {
            var times = group.Select(v => v.Took.TotalSeconds).ToList();
            var events = Median.Of(group.Select(v => (double)v.Events));
            yield return $"| {group.Key.Size} | {group.First().History:N0} | {group.Key.What} | {events:N0} | " +
                         $"{Median.Of(times):0.000} ({times.Min():0.000}–{times.Max():0.000}) | {events / Median.Of(times):N0} |";
        }

        double MedianOf(string size, int after) =>
            Median.Of(measured.Where(v => v.Size == size && v.After == after).Select(v => v.Took.TotalSeconds));

        double EventsOf(string size, int after) =>
            Median.Of(measured.Where(v => v.Size == size && v.After == after).Select(v => (double)v.Events));

        yield return "";
        yield return "Growth:";
        yield return "";
        var ordered = afters.Order().ToList();
        foreach (var size in sizes)
        {
            for (var i = 1; i < ordered.Count; i++)
            {
                var (fewer, more) = (EventsOf(size, ordered[i - 1]), EventsOf(size, ordered[i]));
                yield return $"- {size}: ×{more / fewer:0.00} the events after the checkpoint ({fewer:N0} → {more:N0}) " +
                             $"took ×{MedianOf(size, ordered[i]) / MedianOf(size, ordered[i - 1]):0.00} the time";
            }
        }

        for (var i = 1; i < sizes.Count; i++)
        {
            var before = measured.First(v => v.Size == sizes[i - 1]);
            var after = measured.First(v => v.Size == sizes[i]);
            var full = after.Took.TotalSeconds / before.Took.TotalSeconds;
            yield return $"- {sizes[i - 1]} → {sizes[i]}: ×{(double)after.History / before.History:0.00} the history; the full run took ×{full:0.00} the time; " +
                         "from the checkpoint, the same events after it took " +
                         string.Join(", ", ordered.Prepend(0).Select(n =>
                             $"×{MedianOf(sizes[i], n) / MedianOf(sizes[i - 1], n):0.00} ({EventsOf(sizes[i - 1], n):N0} and {EventsOf(sizes[i], n):N0} after it)"));
        }
    }

    private const string Full = "the full run, from the first event";
    private const string FromCheckpoint = "from the newest checkpoint";

    /// <summary>The checkpoints signed before the measured verifications, put back before each.</summary>
    private const string Signed = "public.benchmark_signed_checkpoints";

    /// <param name="After">The events the newest checkpoint was signed before the end; none for the full run.</param>
    private sealed record Verified(string Size, long History, string What, int? After, int Round, long Events, TimeSpan Took)
    {
        public double Rate => Events / Math.Max(Took.TotalSeconds, 1e-6);
    }
}
