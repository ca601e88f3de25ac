using System.Net;
using Fleet.Jt808.Session;

namespace Fleet.Server.Positions.Gateway;

/// <summary>
/// The JT/T 808 gateway as part of the server: a TCP listener on its own port, started with the host when
/// <c>Fleet:Positions:Gateway:Port</c> is set, stopped with it. A host may run it alone (docs/positions/jt808.md).
/// </summary>
public sealed class Jt808Gateway(PositionSettings settings, ITerminalDirectory directory, IPositionSink sink, IClock clock,
    ILogger<Jt808Listener> listenerLog, ILogger<Jt808Gateway> logger) : IHostedService, IAsyncDisposable
{
    private Jt808Listener? _listener;

    /// <summary>Where terminals connect, the port resolved when 0 was configured.</summary>
    public IPEndPoint LocalEndPoint => _listener?.LocalEndPoint ?? throw new InvalidOperationException("The JT/T 808 gateway is not started.");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var gateway = settings.Gateway;
        _listener = new Jt808Listener(new Jt808ListenerOptions { Host = gateway.Host, Port = gateway.Port ?? 0 }, directory, sink, clock, listenerLog);
        _listener.Start();
        logger.LogInformation("JT/T 808 gateway listening on {EndPoint}", _listener.LocalEndPoint);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null) await _listener.DisposeAsync();
        _listener = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
