using System.Collections.Concurrent;

namespace Fleet.Server.Integrity;

/// <summary>How far a verification has got in each chain: filled in by the verifier as it goes, read by whoever asks.</summary>
public sealed class AuditVerificationProgress
{
    private readonly ConcurrentDictionary<string, Tally> _chains = new(StringComparer.Ordinal);

    public void Plan(string chain, long total) => _chains[chain] = new Tally(total);

    public Tally? Of(string chain) => _chains.GetValueOrDefault(chain);

    public IReadOnlyList<ChainProgress> Chains =>
        // A snapshot taken at once: LINQ over the dictionary would size its copy before chains planned meanwhile arrive.
        _chains.ToArray().OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new ChainProgress(c.Key, c.Value.Done, c.Value.Total)).ToList();

    public sealed class Tally(long total)
    {
        private long _done;

        public long Total => total;

        public long Done => Interlocked.Read(ref _done);

        public void Checked() => Interlocked.Increment(ref _done);
    }
}

/// <summary>One chain's share of a running verification: the events checked of those it is to check.</summary>
public sealed record ChainProgress(string Chain, long Checked, long Total);

public enum VerificationState
{
    Running,
    Finished,

    /// <summary>The verification could not finish (the database went away, the server stopped): nothing was concluded.</summary>
    Failed,
}

/// <summary>
/// A verification started in the background, as a supervisor sees it while it runs and after: the events checked of
/// the total, per chain and in all, and once finished the result.
/// </summary>
/// <param name="Checked">The events checked so far over every chain (an event counts in the city's chain and in its pool's).</param>
public sealed record AuditVerificationStatus(Guid Id, VerificationState State, VerificationStart From, Instant StartedAt, Instant? FinishedAt, long Checked,
    long Total, int Percent, IReadOnlyList<ChainProgress> Chains, AuditVerification? Result);

/// <summary>
/// Verifications started from the page or the API run in the background, one at a time for the city and for each
/// district: a second start while one runs joins it. The latest of each is kept in memory, on the node that ran it,
/// until the next one starts — the result is evidence only at the moment it is read, and the checkpoints it signed are
/// what lasts.
/// </summary>
public sealed class AuditVerificationRuns(AuditVerifier verifier, IClock clock, IHostApplicationLifetime lifetime, ILogger<AuditVerificationRuns> logger)
{
    private readonly Dictionary<string, Run> _latest = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <param name="scope">Whose verification: <see cref="AuditChain.City"/> for the whole city, or a district's pool.</param>
    /// <param name="chains">The chains it checks; null for every chain.</param>
    public AuditVerificationStatus Start(string scope, IReadOnlyCollection<string>? chains, VerificationStart from)
    {
        lock (_gate)
        {
            if (_latest.TryGetValue(scope, out var running) && running.State == VerificationState.Running) return running.Status();

            var run = new Run(Guid.CreateVersion7(), from, clock.GetCurrentInstant());
            _latest[scope] = run;
            _ = Task.Run(() => RunAsync(run, chains), CancellationToken.None);
            return run.Status();
        }
    }

    public AuditVerificationStatus? Latest(string scope)
    {
        lock (_gate) return _latest.GetValueOrDefault(scope)?.Status();
    }

    private async Task RunAsync(Run run, IReadOnlyCollection<string>? chains)
    {
        try
        {
            var result = await verifier.VerifyAsync(chains, null, run.From, run.Progress, lifetime.ApplicationStopping);
            run.End(VerificationState.Finished, clock.GetCurrentInstant(), result);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The audit verification {Id} could not finish", run.Id);
            run.End(VerificationState.Failed, clock.GetCurrentInstant(), null);
        }
    }

    private sealed class Run(Guid id, VerificationStart from, Instant startedAt)
    {
        private volatile Ending? _ending;

        public Guid Id => id;

        public VerificationStart From => from;

        public AuditVerificationProgress Progress { get; } = new();

        public VerificationState State => _ending?.State ?? VerificationState.Running;

        public void End(VerificationState state, Instant at, AuditVerification? result) => _ending = new Ending(state, at, result);

        public AuditVerificationStatus Status()
        {
            var ending = _ending;
            var chains = Progress.Chains;
            var done = chains.Sum(c => c.Checked);
            var total = chains.Sum(c => c.Total);
            // Events stored while it ran may be checked beyond the planned total; a finished run is whole.
            var percent = ending?.State == VerificationState.Finished ? 100 : total == 0 ? 0 : (int)Math.Min(99, done * 100 / total);
            return new AuditVerificationStatus(id, ending?.State ?? VerificationState.Running, from, startedAt, ending?.At, done, total, percent, chains,
                ending?.Result);
        }
    }

    private sealed record Ending(VerificationState State, Instant At, AuditVerification? Result);
}
