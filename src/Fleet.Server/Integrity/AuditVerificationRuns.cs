using System.Collections.Concurrent;
using System.Text.Json;
using Fleet.Server.Infrastructure.Time;
using Npgsql;

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
/// district: a second start while one runs joins it, on whichever node it is asked. The node running a verification
/// reports its progress to the database twice a second, and any node answers from there; a run whose node stopped
/// reporting (the node died or was stopped) is shown as failed, and the next start begins again. The latest of each
/// scope is kept until the next one starts — the result is evidence only at the moment it is read, and the checkpoints
/// it signed are what lasts.
/// </summary>
public sealed class AuditVerificationRuns(AuditVerifier verifier, AuditChainStore chain, IClock clock, IHostApplicationLifetime lifetime,
    ILogger<AuditVerificationRuns> logger)
{
    /// <summary>How often the running node writes its progress down.</summary>
    public static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>A running verification not reported for this long has lost its node.</summary>
    public static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = FleetTime.ConfigureJson(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private readonly string _node = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <param name="scope">Whose verification: <see cref="AuditChain.City"/> for the whole city, or a district's pool.</param>
    /// <param name="chains">The chains it checks; null for every chain.</param>
    public async Task<AuditVerificationStatus> StartAsync(string scope, IReadOnlyCollection<string>? chains, VerificationStart from, CancellationToken cancellation)
    {
        await using var connection = await chain.DataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        // Two nodes asked at once for the same scope: one starts, the other then finds it running and joins.
        await using (var gate = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('fleet_audit_verification:' || @scope))", connection, transaction))
        {
            gate.Parameters.AddWithValue("scope", scope);
            await gate.ExecuteNonQueryAsync(cancellation);
        }

        if (await ReadAsync(connection, scope, cancellation) is { State: VerificationState.Running } running) return running;

        var run = new Run(Guid.CreateVersion7(), from, clock.GetCurrentInstant());
        await WriteAsync(connection, scope, run, cancellation);
        await transaction.CommitAsync(cancellation);
        _ = Task.Run(() => RunAsync(scope, run, chains), CancellationToken.None);
        return run.Status();
    }

    public async Task<AuditVerificationStatus?> LatestAsync(string scope, CancellationToken cancellation)
    {
        await using var connection = await chain.DataSource.OpenConnectionAsync(cancellation);
        return await ReadAsync(connection, scope, cancellation);
    }

    private async Task RunAsync(string scope, Run run, IReadOnlyCollection<string>? chains)
    {
        var verifying = Task.Run(() => verifier.VerifyAsync(chains, null, run.From, run.Progress, lifetime.ApplicationStopping), CancellationToken.None);
        while (!verifying.IsCompleted)
        {
            await Task.WhenAny(verifying, Task.Delay(ReportEvery, CancellationToken.None));
            if (!verifying.IsCompleted) await ReportAsync(scope, run);
        }

        try
        {
            run.End(VerificationState.Finished, clock.GetCurrentInstant(), await verifying);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The audit verification {Id} could not finish", run.Id);
            run.End(VerificationState.Failed, clock.GetCurrentInstant(), null);
        }

        await ReportAsync(scope, run);
    }

    /// <summary>A report that cannot be written is logged and the run goes on; the next report writes it whole.</summary>
    private async Task ReportAsync(string scope, Run run)
    {
        try
        {
            await using var connection = await chain.DataSource.OpenConnectionAsync(CancellationToken.None);
            await WriteAsync(connection, scope, run, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The progress of the audit verification {Id} could not be written down", run.Id);
        }
    }

    private async Task WriteAsync(NpgsqlConnection connection, string scope, Run run, CancellationToken cancellation)
    {
        // A report never overwrites a newer run of the scope, started after this node lost it.
        await using var command = new NpgsqlCommand($"""
            insert into {chain.Verifications} (scope, run_id, node, status, beat) values (@scope, @run, @node, @status, now())
            on conflict (scope) do update set run_id = excluded.run_id, node = excluded.node, status = excluded.status, beat = excluded.beat
            where {chain.Verifications}.run_id = excluded.run_id or @fresh
            """, connection);
        command.Parameters.AddWithValue("scope", scope);
        command.Parameters.AddWithValue("run", run.Id);
        command.Parameters.AddWithValue("node", _node);
        command.Parameters.AddWithValue("status", NpgsqlTypes.NpgsqlDbType.Jsonb, JsonSerializer.Serialize(run.Status(), Json));
        command.Parameters.AddWithValue("fresh", run.Fresh);
        await command.ExecuteNonQueryAsync(cancellation);
        run.Fresh = false;
    }

    private async Task<AuditVerificationStatus?> ReadAsync(NpgsqlConnection connection, string scope, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select status, now() - beat > @lost from {chain.Verifications} where scope = @scope", connection);
        command.Parameters.AddWithValue("scope", scope);
        command.Parameters.AddWithValue("lost", LostAfter);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation)) return null;
        var status = JsonSerializer.Deserialize<AuditVerificationStatus>(reader.GetString(0), Json)!;
        return status.State == VerificationState.Running && reader.GetBoolean(1) ? status with { State = VerificationState.Failed } : status;
    }

    private sealed class Run(Guid id, VerificationStart from, Instant startedAt)
    {
        private volatile Ending? _ending;

        public Guid Id => id;

        public VerificationStart From => from;

        /// <summary>Not yet written down: its first report takes the scope's row over from the run before it.</summary>
        public bool Fresh { get; set; } = true;

        public AuditVerificationProgress Progress { get; } = new();

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
