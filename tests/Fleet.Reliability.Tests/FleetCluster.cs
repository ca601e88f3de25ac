using System.Net;
using Fleet.Server.Infrastructure.Database;
using Fleet.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fleet.Reliability.Tests;

/// <summary>
/// Fleet as it is deployed: a PostgreSQL cluster with production durability (fsync and synchronous commit on) and
/// one or more server processes on loopback, each started from the build the way an operator starts it, with the JT/T 808
/// gateway for in-car terminals on a port of its own. Nodes can be killed outright and started again, and PostgreSQL can
/// be stopped in immediate mode, while clients and terminals keep working.
/// </summary>
public sealed class FleetCluster : IFleetNodes, IAsyncDisposable
{
    private readonly string _folder;
    private readonly EmbeddedPostgres _postgres;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ServerProcess?[] _nodes;
    private readonly IPEndPoint?[] _gateways;
    private readonly object _lock = new();
    private int _next, _nextGateway;

    private FleetCluster(string folder, EmbeddedPostgres postgres, string connectionString, IReadOnlyDictionary<string, string> settings, int nodes)
    {
        _folder = folder;
        _postgres = postgres;
        ConnectionString = connectionString;
        _settings = settings;
        _nodes = new ServerProcess?[nodes];
        _gateways = new IPEndPoint?[nodes];
    }

    public string ConnectionString { get; }

    /// <summary>Server processes killed with SIGKILL so far.</summary>
    public int Kills { get; private set; }

    /// <summary>Times PostgreSQL was stopped in immediate mode.</summary>
    public int DatabaseCrashes { get; private set; }

    /// <summary>What every node logged, for a failure's message.</summary>
    public List<string> Logs { get; } = [];

    public static async Task<FleetCluster> StartAsync(string name, int nodes, IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "fleet-reliability", $"{name}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        var postgres = EmbeddedPostgres.Start(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder, "postgres"), Durable = true },
            NullLogger.Instance);
        FleetDatabase.EnsureDatabaseExists(postgres.AdminConnectionString, "fleet");
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionStringFor("fleet"))
        {
            // A restarted database must not leave a client waiting the default 15 s for a connection that cannot come.
            Timeout = 5,
        }.ConnectionString;

        var settings = ServerProcess.UnderLoad(connectionString, "HotCold", Path.Combine(folder, "audit-signing-key.pem"));
        // Unconfirmed trips close themselves within the run: the timer that does it is a durable scheduled message.
        settings["Fleet__Trips__AutoCloseAfter"] = "00:00:05";
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>()) settings[key] = value;

        var cluster = new FleetCluster(folder, postgres, connectionString, settings, nodes);
        // One at a time: the first applies the schema and creates the demo accounts, the others find them.
        for (var node = 0; node < nodes; node++) await cluster.StartNodeAsync(node);
        return cluster;
    }

    public int NodeCount => _nodes.Length;

    public bool IsUp(int node) => _nodes[node] is { HasExited: false };

    /// <summary>The nodes' addresses in turn, so that clients spread over them; a dead node's address refuses the connection.</summary>
    public Uri NextAddress()
    {
        lock (_lock)
        {
            for (var tried = 0; tried < _nodes.Length; tried++)
            {
                var node = _nodes[_next++ % _nodes.Length];
                if (node is { HasExited: false }) return node.BaseAddress;
            }

            return _nodes[0]?.BaseAddress ?? new Uri("http://127.0.0.1:9");
        }
    }

    /// <summary>
    /// The nodes' JT/T 808 gateways in turn, as a terminal behind a load balancer reaches them; a dead node's gateway refuses
    /// the connection, and the terminal dials again.
    /// </summary>
    public IPEndPoint NextGateway()
    {
        lock (_lock)
        {
            for (var tried = 0; tried < _nodes.Length; tried++)
            {
                var node = _nextGateway++ % _nodes.Length;
                if (_nodes[node] is { HasExited: false } && _gateways[node] is { } gateway) return gateway;
            }

            return _gateways[0] ?? new IPEndPoint(IPAddress.Loopback, 9);
        }
    }

    /// <summary>The nodes up at this moment, by number.</summary>
    public IReadOnlyList<(int Node, Uri Address)> LiveNodes()
    {
        lock (_lock)
            return _nodes.Select((process, node) => (process, node)).Where(n => n.process is { HasExited: false })
                .Select(n => (n.node, n.process!.BaseAddress)).ToList();
    }

    public async Task StartNodeAsync(int node)
    {
        // Each process its own gateway port, as each has its own HTTP port: terminals are spread over the live ones.
        var gateway = new IPEndPoint(IPAddress.Loopback, TestPorts.Free());
        var process = ServerProcess.Start(new Dictionary<string, string>(_settings)
        {
            ["Fleet__Positions__Gateway__Host"] = gateway.Address.ToString(),
            ["Fleet__Positions__Gateway__Port"] = gateway.Port.ToString(),
        });
        try
        {
            await process.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        }
        catch
        {
            Keep(node, process);
            await process.DisposeAsync();
            throw;
        }

        lock (_lock)
        {
            _nodes[node] = process;
            _gateways[node] = gateway;
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, connections dropped mid-transaction.</summary>
    public async Task KillNodeAsync(int node)
    {
        ServerProcess? process;
        lock (_lock)
        {
            process = _nodes[node];
            _nodes[node] = null;
        }

        if (process is null) return;
        await process.KillAsync();
        Kills++;
        Keep(node, process);
        await process.DisposeAsync();
    }

    /// <summary>Stops PostgreSQL as a power cut would, keeps it down for <paramref name="down"/>, and starts it again.</summary>
    public async Task CrashDatabaseAsync(TimeSpan down)
    {
        _postgres.Shutdown(PostgresShutdown.Immediate);
        DatabaseCrashes++;
        await Task.Delay(down);
        _postgres.StartAgain();
    }

    /// <summary>Waits until every node answers that it is ready (it reaches the database again).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        foreach (var node in _nodes)
            if (node is not null)
                await node.WaitUntilReadyAsync(timeout);
    }

    public string LogTail(int lines = 60) =>
        string.Join(Environment.NewLine, Logs.Concat(_nodes.Where(n => n is not null).Select(n => n!.Output))
            .SelectMany(l => l.Split('\n')).TakeLast(lines));

    private void Keep(int node, ServerProcess process)
    {
        lock (Logs) Logs.Add($"--- node {node + 1}, pid {process.ProcessId}:{Environment.NewLine}{process.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        for (var node = 0; node < _nodes.Length; node++)
            if (_nodes[node] is { } process)
                await process.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        _postgres.Stop();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover folder in the temp directory is harmless.
        }
    }
}
