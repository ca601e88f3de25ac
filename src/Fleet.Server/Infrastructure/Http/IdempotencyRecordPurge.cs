
namespace Fleet.Server.Infrastructure.Http;

/// <summary>
/// Removes idempotency records older than <c>Fleet:Idempotency:KeepFor</c> (7 days by default), every
/// <c>Fleet:Idempotency:PurgeEvery</c> (an hour). A key protects a retry, which comes within minutes: a record kept
/// for ever would only keep a copy of every answer ever given. Every node may run it; deleting twice is harmless. Each
/// city's database keeps its own commands' records (ADR 025), and each is purged.
/// </summary>
public sealed class IdempotencyRecordPurge(IDocumentStore store, IClock clock, IConfiguration configuration, ILogger<IdempotencyRecordPurge> logger)
    : BackgroundService
{
    public static readonly TimeSpan DefaultKeepFor = TimeSpan.FromDays(7);

    private Duration KeepFor => Duration.FromTimeSpan(configuration.GetValue("Fleet:Idempotency:KeepFor", DefaultKeepFor));

    /// <summary>Deletes the records created before the retention period; answers how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellation)
    {
        var before = clock.GetCurrentInstant() - KeepFor;
        var purged = 0;
        foreach (var database in await store.Storage.AllDatabases())
        {
            await using var session = store.LightweightSession(global::Marten.Services.SessionOptions.ForDatabase(database));
            var old = await session.Query<IdempotencyRecord>().CountAsync(r => r.CreatedAt < before, cancellation);
            if (old == 0) continue;
            session.DeleteWhere<IdempotencyRecord>(r => r.CreatedAt < before);
            await session.SaveChangesAsync(cancellation);
            purged += old;
        }

        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = configuration.GetValue("Fleet:Idempotency:PurgeEvery", TimeSpan.FromHours(1));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, stoppingToken);
                var purged = await PurgeAsync(stoppingToken);
                if (purged > 0) logger.LogInformation("Removed {Count} idempotency records older than {KeepFor}", purged, KeepFor);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be restarting; the next round removes what this one could not.
                logger.LogWarning(e, "Could not remove old idempotency records; trying again later");
            }
        }
    }
}
