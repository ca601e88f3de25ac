using Npgsql;

namespace Fleet.Server.Integrity;

/// <summary>
/// Extends the chain as events are stored: every few seconds, the events the daemon has seen committed, in store
/// order, one batch per transaction. One node keeps the chain at a time (a PostgreSQL advisory lock), so several
/// servers on one database never write two versions of it. An event without a valid seal was not written by Fleet: it
/// is chained as forged — so that the events after it stay covered, and verification names it every time — never as
/// genuine (docs/adr/006). Each database's chain is kept on its own (ADR 025): a city's database down holds back its own.
/// </summary>
public sealed class AuditChainKeeper(AuditChains chains, AuditSealer sealer, IConfiguration configuration, ILogger<AuditChainKeeper> logger)
    : BackgroundService
{
    private const long LockKey = 0x466c656574417564; // "FleetAud"
    private const int BatchSize = 5_000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(chains.All.Select(parts => KeepAsync(parts.Chain, stoppingToken)));

    private async Task KeepAsync(AuditChainStore chain, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var every = configuration.GetValue("Fleet:Audit:ChainEvery", TimeSpan.FromSeconds(2));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await chain.DataSource.OpenConnectionAsync(stoppingToken);
                await using (var locking = new NpgsqlCommand($"select pg_try_advisory_lock({LockKey})", connection))
                {
                    if (!(bool)(await locking.ExecuteScalarAsync(stoppingToken))!)
                    {
                        await Task.Delay(every * 5, stoppingToken);
                        continue;
                    }
                }

                try
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        while (await ExtendAsync(chain, connection, stoppingToken) == BatchSize)
                        {
                            // A long history is chained batch after batch before waiting.
                        }

                        await Task.Delay(every, stoppingToken);
                    }
                }
                finally
                {
                    // A pooled connection is reset when it is next used, not when it goes back: a healthy one would keep the
                    // lock meanwhile, and this node's next try, on another connection, could not take it.
                    if (connection.State == System.Data.ConnectionState.Open) await UnlockAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be restarting; the chain goes on from its last link when it is back.
                logger.LogWarning(e, "Could not extend the audit chain; trying again shortly");
                await Task.Delay(every * 5, stoppingToken);
            }
        }
    }

    private static async Task UnlockAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var unlocking = new NpgsqlCommand($"select pg_advisory_unlock({LockKey})", connection);
            await unlocking.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection broke: the pool drops it, and its session's locks end with it.
        }
    }

    /// <summary>Chains the next batch of committed events of the main database; returns how many.</summary>
    public Task<int> ExtendAsync(NpgsqlConnection connection, CancellationToken cancellation) => ExtendAsync(chains.Main.Chain, connection, cancellation);

    /// <summary>Chains the next batch of committed events of <paramref name="chain"/>'s database; returns how many.</summary>
    public async Task<int> ExtendAsync(AuditChainStore chain, NpgsqlConnection connection, CancellationToken cancellation)
    {
        var heads = await chain.HeadsAsync(connection, cancellation);
        var after = heads.TryGetValue(AuditChain.City, out var city) ? city.Sequence : 0;
        var upTo = await chain.SafeUpToAsync(connection, cancellation);
        if (upTo <= after) return 0;

        var events = new List<ChainedEvent>();
        await using (var read = chain.ReadEvents(connection, $"e.seq_id > {after} and e.seq_id <= {upTo}", BatchSize))
        await using (var reader = await read.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation)) events.Add(AuditChainStore.Read(reader));
        }

        if (events.Count == 0) return 0;
        var links = new List<(string, long, byte[], LinkFormat)>(events.Count * 2);
        var days = new Dictionary<(string, LocalDate), (long, byte[])>();
        var last = heads.ToDictionary(h => h.Key, h => h.Value.Link);
        LinkFormat? lastFormat = heads.TryGetValue(AuditChain.City, out var head) ? head.Format : null;
        foreach (var e in events)
        {
            var format = AuditChain.FormatOf(e, sealer.Verifies(e), lastFormat);
            lastFormat = format;
            if (format == LinkFormat.Forged)
            {
                logger.LogError("Event {Sequence} ({Type}, stream {Stream}, version {Version}, pool {Pool}) carries no valid seal: it was not written by Fleet. " +
                                "It is chained as forged and reported by every verification.", e.Sequence, e.Type, e.StreamId, e.Version, e.Pool);
            }

            foreach (var name in new[] { AuditChain.City, e.Pool })
            {
                var link = AuditChain.Next(last.GetValueOrDefault(name, AuditChain.Genesis), e, format);
                last[name] = link;
                links.Add((name, e.Sequence, link, format));
                // A vacant number carries no moment of its own (Marten leaves its timestamp unset): a day's digest is the
                // last link of an event of that day.
                if (format != LinkFormat.Vacant) days[(name, chain.DayOf(e.Timestamp))] = (e.Sequence, link);
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await chain.WriteAsync(connection, transaction, links, days, cancellation);
        await transaction.CommitAsync(cancellation);
        return events.Count;
    }
}
