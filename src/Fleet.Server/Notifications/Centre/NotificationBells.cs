using System.Collections.Concurrent;
using System.Threading.Channels;
using Fleet.Server.Web;

namespace Fleet.Server.Notifications.Centre;

/// <summary>
/// Rings the bells of open pages: while anyone listens, each node looks once a second at the unread count and newest
/// notification of the people listening to it (one indexed query for all of them) and tells those whose count moved.
/// It works the same whichever node stored the notification.
/// </summary>
public sealed class NotificationBells(NotificationStore store, ILogger<NotificationBells> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Listener, byte> _listeners = new();

    private sealed record Listener(Guid Person, string Pool, Channel<int> Rings);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = new Dictionary<Guid, (int, Instant?)>();
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (_listeners.IsEmpty) continue;

            try
            {
                var people = _listeners.Keys.Select(l => l.Person).ToHashSet();
                var bells = await store.BellsAsync(_listeners.Keys.Select(l => (l.Person, l.Pool)).Distinct().ToList(), stoppingToken);
                foreach (var (person, bell) in bells)
                {
                    // A page that opens hears its count at once from the page itself; only a change rings.
                    if (seen.TryGetValue(person, out var before) && before == bell) continue;
                    var first = !seen.ContainsKey(person);
                    seen[person] = bell;
                    if (first) continue;
                    foreach (var listener in _listeners.Keys.Where(l => l.Person == person)) listener.Rings.Writer.TryWrite(bell.Unread);
                }

                foreach (var gone in seen.Keys.Where(p => !people.Contains(p)).ToList()) seen.Remove(gone);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the notifications of the pages listening for them");
            }
        }
    }

    /// <summary>
    /// <c>GET /web/notifications</c>: a server-sent event stream of the signed-in person's bell, one <c>bell</c> event with
    /// the unread count whenever it changes, and a comment now and then so that proxies keep the connection open.
    /// </summary>
    public static async Task StreamAsync(HttpContext http, NotificationBells bells, CancellationToken cancellation)
    {
        var actor = Actor.Of(http.User);
        var listener = new Listener(actor.UserId, actor.Pool, ServerSentEvents.Mailbox<int>());
        bells._listeners[listener] = 0;
        try
        {
            await ServerSentEvents.StreamAsync(http, listener.Rings.Reader, "bell", cancellation);
        }
        finally
        {
            bells._listeners.TryRemove(listener, out _);
        }
    }
}
