using System.Collections.Concurrent;
using System.Threading.Channels;

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
        long? seen = null;
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // With nobody listening nothing is read; what was seen last is kept, so that a page that starts listening
            // in between (a driver's page reloaded after a form) hears of a change made before the next look. The
            // first look is taken regardless, or the first page to listen would miss what happened in its first second.
            if (_listeners.IsEmpty && seen is not null) continue;

            try
            {
                await using var session = store.QuerySession();
                var table = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
                var newest = (await session.AdvancedSql.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {table}", stoppingToken))[0];
                if (seen is not { } since || newest <= since)
                {
                    seen = newest;
                    continue;
                }

                var pools = (await session.AdvancedSql.QueryAsync<string>($"select distinct tenant_id from {table} where seq_id > ?", stoppingToken, since))
                    .ToHashSet();
                seen = newest;
                foreach (var listener in _listeners.Keys.Where(l => pools.Contains(l.Pool))) listener.Changes.Writer.TryWrite(newest);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be restarting: the pages keep what they show and hear of the next change.
                logger.LogWarning(e, "Could not read the newest events for the pages listening to changes");
            }
        }
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
