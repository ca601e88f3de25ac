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
    private readonly ServerNodes _nodes;
    private readonly IPEndPoint?[] _gateways;
    private readonly object _lock = new();
    private int _nextGateway;

    private FleetCluster(string folder, EmbeddedPostgres postgres, string connectionString, IReadOnlyDictionary<string, string> settings, int nodes)
    {
        _folder = folder;
        _postgres = postgres;
        ConnectionString = connectionString;
        _settings = settings;
        _nodes = new ServerNodes(nodes);
        _gateways = new IPEndPoint?[nodes];
    }

    public string ConnectionString { get; }

    /// <summary>Server processes killed with SIGKILL so far.</summary>
    public int Kills => _nodes.Kills;

    /// <summary>Times PostgreSQL was stopped in immediate mode.</summary>
    public int DatabaseCrashes { get; private set; }

    /// <summary>What every node logged, for a failure's message.</summary>
    public List<string> Logs => _nodes.Logs;

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

    public int NodeCount => _nodes.Count;

    public bool IsUp(int node) => _nodes.IsUp(node);

    /// <summary>The nodes' addresses in turn, so that clients spread over them; a dead node's address refuses the connection.</summary>
    public Uri NextAddress() => _nodes.NextAddress();

    /// <summary>
    /// The nodes' JT/T 808 gateways in turn, as a terminal behind a load balancer reaches them; a dead node's gateway refuses
    /// the connection, and the terminal dials again.
    /// </summary>
    public IPEndPoint NextGateway()
    {
        lock (_lock)
        {
            for (var tried = 0; tried < _gateways.Length; tried++)
            {
                var node = _nextGateway++ % _gateways.Length;
                if (_nodes.IsUp(node) && _gateways[node] is { } gateway) return gateway;
            }

            return _gateways[0] ?? new IPEndPoint(IPAddress.Loopback, 9);
        }
    }

    /// <summary>The nodes up at this moment, by number.</summary>
    public IReadOnlyList<(int Node, Uri Address)> LiveNodes() => _nodes.LiveNodes();

    public async Task StartNodeAsync(int node)
    {
        // Each process its own gateway port, as each has its own HTTP port: terminals are spread over the live ones.
        var gateway = new IPEndPoint(IPAddress.Loopback, TestPorts.Free());
        // Terminals are sent to it once the node is up.
        lock (_lock) _gateways[node] = gateway;
        await _nodes.StartAsync(node, ServerProcess.Start(new Dictionary<string, string>(_settings)
        {
            ["Fleet__Positions__Gateway__Host"] = gateway.Address.ToString(),
            ["Fleet__Positions__Gateway__Port"] = gateway.Port.ToString(),
        }));
    }

    /// <summary>SIGKILL: no shutdown, no flush, connections dropped mid-transaction.</summary>
    public Task KillNodeAsync(int node) => _nodes.KillAsync(node);

    /// <summary>Stops PostgreSQL as a power cut would, keeps it down for <paramref name="down"/>, and starts it again.</summary>
    public async Task CrashDatabaseAsync(TimeSpan down)
    {
        _postgres.Shutdown(PostgresShutdown.Immediate);
        DatabaseCrashes++;
        await Task.Delay(down);
        _postgres.StartAgain();
    }

    /// <summary>Waits until every node answers that it is ready (it reaches the database again).</summary>
    public Task WaitUntilReadyAsync(TimeSpan timeout) => _nodes.WaitUntilReadyAsync(timeout);

    public string LogTail(int lines = 60) => _nodes.LogTail(lines);

    public async ValueTask DisposeAsync()
    {
        await _nodes.DisposeAsync();
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
