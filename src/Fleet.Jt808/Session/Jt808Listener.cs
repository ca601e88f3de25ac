using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Fleet.Jt808.Session;

/// <summary>
/// The JT/T 808 gateway's TCP listener: accepts terminals and runs one <see cref="Jt808Connection"/> each. A fault in
/// one connection ends that connection only. Whether it runs at all is the host's configuration.
/// </summary>
public sealed class Jt808Listener(
    Jt808ListenerOptions options,
    ITerminalDirectory directory,
    IPositionSink sink,
    IClock clock,
    ILogger<Jt808Listener> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private Socket? _socket;
    private Task? _accepting;
    private long _nextConnection;
    private int _open;

    public Jt808Statistics Statistics { get; } = new();

    /// <summary>Where it listens, the port resolved when 0 was asked for.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_socket ?? throw new InvalidOperationException("The listener is not started.")).LocalEndPoint!;

    public int OpenConnections => Volatile.Read(ref _open);

    public void Start()
    {
        if (_socket is not null) throw new InvalidOperationException("The listener is already started.");
        var address = IPAddress.TryParse(options.Host, out var parsed) ? parsed : Dns.GetHostAddresses(options.Host)[0];
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, options.Port));
            socket.Listen(1024);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _accepting = AcceptAsync(_stopping.Token);
        logger.LogInformation("JT/T 808 gateway listening on {EndPoint}", LocalEndPoint);
    }

    private async Task AcceptAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket!.AcceptAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (stopping.IsCancellationRequested) return;
                logger.LogWarning(e, "JT/T 808 gateway could not accept a connection");
                continue;
            }

            if (Interlocked.Increment(ref _open) > options.MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                Statistics.ConnectionRefused();
                logger.LogWarning("JT/T 808 connection from {Remote} refused: {Max} connections open", client.RemoteEndPoint, options.MaxConnections);
                client.Dispose();
                continue;
            }

            Statistics.ConnectionAccepted();
            client.NoDelay = true;
            var id = _nextConnection++;
            // Registered before it starts, so that its own removal at the end cannot come first.
            var run = new Task<Task>(() => ServeAsync(id, client, stopping));
            _connections[id] = run.Unwrap();
            run.Start(TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(long id, Socket client, CancellationToken stopping)
    {
        try
        {
            await new Jt808Connection(client, options, directory, sink, clock, Statistics, logger).RunAsync(stopping);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
            _connections.TryRemove(id, out _);
        }
    }

    /// <summary>Stops accepting, ends every connection and waits for them: an answer being written is not cut off.</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync();
        _socket?.Dispose();
        if (_accepting is not null) await _accepting;
        await Task.WhenAll(_connections.Values);
        logger.LogInformation("JT/T 808 gateway stopped");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }
}
