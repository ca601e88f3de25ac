using System.Net;
using System.Net.Sockets;

namespace Fleet.Testing;

/// <summary>
/// A loopback TCP link to a server that a test can cut — every connection dropped and new ones refused — and mend again:
/// a database server that stopped answering, as a network or a machine fails, without stopping the cluster other tests use.
/// </summary>
public sealed class CuttableLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    public CuttableLink(string host, int port)
    {
        (_host, _port) = (host, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>
    /// A link in front of a PostgreSQL database, and the connection string that goes through it. A database behind a cut link
    /// is reported within seconds, not after Npgsql's default quarter of a minute.
    /// </summary>
    public static (CuttableLink Link, string ConnectionString) ToDatabase(string connectionString)
    {
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var link = new CuttableLink(database.Host!, database.Port);
        return (link, new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Port = link.Port, Timeout = 3 }.ConnectionString);
    }

    /// <summary>Drops every connection through the link; new ones are closed as soon as they open.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    public void Mend() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (_cut)
            {
                client.Dispose();
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var server = new TcpClient();
        lock (_open) _open.AddRange([client, server]);
        try
        {
            await server.ConnectAsync(_host, _port, _stopping.Token);
            var (a, b) = (client.GetStream(), server.GetStream());
            await Task.WhenAny(a.CopyToAsync(b, _stopping.Token), b.CopyToAsync(a, _stopping.Token));
        }
        catch (Exception)
        {
            // A cut link, a closed connection or a stopping test: either way the connection ends here.
        }
        finally
        {
            lock (_open) _open.RemoveAll(c => c == client || c == server);
            client.Dispose();
            server.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stopping.Dispose();
    }
}
