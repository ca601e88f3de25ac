using System.Threading.Channels;

namespace Fleet.Server.Web;

/// <summary>The push channel of the pages: a server-sent event stream that lasts as long as the page is open.</summary>
public static class ServerSentEvents
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Writes each item read from <paramref name="items"/> as one <paramref name="name"/> event, and a comment now and then so
    /// that proxies keep the connection open, until the page is closed.
    /// </summary>
    public static async Task StreamAsync<T>(HttpContext http, ChannelReader<T> items, string name, CancellationToken cancellation)
    {
        try
        {
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            await http.Response.WriteAsync(": listening\n\n", cancellation);
            await http.Response.Body.FlushAsync(cancellation);
            while (!cancellation.IsCancellationRequested)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                beat.CancelAfter(KeepAlive);
                try
                {
                    var item = await items.ReadAsync(beat.Token);
                    await http.Response.WriteAsync($"event: {name}\ndata: {item}\n\n", cancellation);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": still here\n\n", cancellation);
                }

                await http.Response.Body.FlushAsync(cancellation);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }

    /// <summary>A listener's mailbox: one slot, the newest news replacing what the page has not read yet.</summary>
    public static Channel<T> Mailbox<T>() => Channel.CreateBounded<T>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
}
