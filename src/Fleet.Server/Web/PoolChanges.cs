using System.Collections.Concurrent;
using System.Threading.Channels;
using Marten.Storage;

namespace Fleet.Server.Web;

/// <summary>
/// Tells open pages that something happened in their pool, so that the dispatch board redraws without a reload.
/// Each node watches the store's newest sequence number once a second while anyone listens — an index lookup —
/// and, when it moved, which pools the new events belong to: it works the same whichever node wrote them.
/// </summary>
public sealed class PoolChanges(IDocumentStore store, ILogger<PoolChanges> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Listener, byte> _listeners = new();

    private sealed record Listener(string Pool, Channel<long> Changes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Each database numbers its events itself (ADR 025): what was seen is kept per database.
        var seen = new Dictionary<IMartenDatabase, long>();
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var database in await store.Storage.AllDatabases())
            {
                // With nobody listening nothing is read; what was seen last is kept, so that a page that starts listening
                // in between (a driver's page reloaded after a form) hears of a change made before the next look. The
                // first look is taken regardless, or the first page to listen would miss what happened in its first second.
                if (_listeners.IsEmpty && seen.ContainsKey(database)) continue;

                try
                {
                    await LookAsync(database, seen, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database may be restarting: the pages keep what they show and hear of the next change.
                    logger.LogWarning(e, "Could not read the newest events for the pages listening to changes");
                }
            }
        }
    }

    private async Task LookAsync(IMartenDatabase database, Dictionary<IMartenDatabase, long> seen, CancellationToken cancellation)
    {
        await using var session = store.QuerySession(Marten.Services.SessionOptions.ForDatabase(database));
        var table = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
        var newest = (await session.AdvancedSql.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {table}", cancellation))[0];
        if (!seen.TryGetValue(database, out var since) || newest <= since)
        {
            seen[database] = newest;
            return;
        }

        var pools = (await session.AdvancedSql.QueryAsync<string>($"select distinct tenant_id from {table} where seq_id > ?", cancellation, since))
            .ToHashSet();
        seen[database] = newest;
        foreach (var listener in _listeners.Keys.Where(l => pools.Contains(l.Pool))) listener.Changes.Writer.TryWrite(newest);
    }

    /// <summary>
    /// <c>GET /web/changes</c>: a server-sent event stream of the signed-in person's pool, one <c>changed</c> event
    /// per burst of changes, and a comment now and then so that proxies keep the connection open.
    /// </summary>
    public static async Task StreamAsync(HttpContext http, PoolChanges changes, CancellationToken cancellation)
    {
        var listener = new Listener(Actor.Of(http.User).Pool, ServerSentEvents.Mailbox<long>());
        changes._listeners[listener] = 0;
        try
        {
            await ServerSentEvents.StreamAsync(http, listener.Changes.Reader, "changed", cancellation);
        }
        finally
        {
            changes._listeners.TryRemove(listener, out _);
        }
    }
}
