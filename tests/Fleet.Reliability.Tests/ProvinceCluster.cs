using Fleet.Server.Infrastructure.Database;
using Fleet.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fleet.Reliability.Tests;

/// <summary>
/// A province as it is deployed (ADR 025): two PostgreSQL clusters with production durability — the first holding the
/// province's database and Wuhan's, the second the database Xiangyang and Xiantao share — and server processes on
/// loopback serving every city, set up with <c>setup-city</c> and <c>setup-province</c> as an operator does. Nodes can be
/// killed and started again, and a cluster stopped in immediate mode, while the cities' people keep working.
/// </summary>
public sealed class ProvinceCluster : IFleetNodes, IAsyncDisposable
{
    public const string Wuhan = "420100", Xiangyang = "420600", Xiantao = "429004", Province = "420000";
    public const string Password = "province-reliability-1";

    private readonly string _folder;
    private readonly EmbeddedPostgres[] _clusters;
    private readonly Dictionary<string, string> _settings;
    private readonly ServerNodes _nodes;

    private ProvinceCluster(string folder, EmbeddedPostgres[] clusters, Dictionary<string, string> settings, int nodes)
    {
        _folder = folder;
        _clusters = clusters;
        _settings = settings;
        _nodes = new ServerNodes(nodes);
    }

    /// <summary>The province's database (Wolverine's main one and the sign-in directory's), Wuhan's, and the one of Xiangyang and Xiantao.</summary>
    public string ProvinceDatabase { get; private set; } = "";
    public string WuhanDatabase { get; private set; } = "";
    public string CitiesDatabase { get; private set; } = "";

    /// <summary>The database holding <paramref name="city"/>'s pools.</summary>
    public string DatabaseOf(string city) => city == Wuhan ? WuhanDatabase : CitiesDatabase;

    public int Kills => _nodes.Kills;
    public int ClusterCrashes { get; private set; }

    public static async Task<ProvinceCluster> StartAsync(string name, int nodes)
    {
        var folder = Path.Combine(Path.GetTempPath(), "fleet-reliability", $"{name}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        var clusters = new[] { "first", "second" }
            .Select(c => EmbeddedPostgres.Start(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder, c), Durable = true }, NullLogger.Instance))
            .ToArray();
        string Database(EmbeddedPostgres cluster, string database)
        {
            FleetDatabase.EnsureDatabaseExists(cluster.AdminConnectionString, database);
            // A cluster stopped for seconds must not leave a client waiting the default 15 s for a connection that cannot come.
            return new NpgsqlConnectionStringBuilder(cluster.ConnectionStringFor(database)) { Timeout = 5 }.ConnectionString;
        }

        var (province, wuhan, cities) = (Database(clusters[0], "province"), Database(clusters[0], "wuhan"), Database(clusters[1], "xiangyang_xiantao"));
        var settings = ServerProcess.UnderLoad(province, "HotCold", Path.Combine(folder, "audit-signing-key.pem"));
        settings["Fleet__Demo__Enabled"] = "false";
        // Unconfirmed trips close themselves within the run: the timer that does it is a durable scheduled message.
        settings["Fleet__Trips__AutoCloseAfter"] = "00:00:05";
        // A killed node is noticed within seconds rather than the minute a production node is given.
        settings["Fleet__Nodes__HeartbeatEvery"] = "00:00:02";
        settings["Fleet__Nodes__StaleAfter"] = "00:00:10";
        var listed = new[] { (Wuhan, "武汉市", wuhan, new[] { Wuhan }), (Xiangyang, "襄阳市", cities, [Xiangyang]), (Xiantao, "仙桃市", cities, [Xiantao]) };
        foreach (var (i, (code, city, database, pools)) in listed.Index())
        {
            settings[$"Fleet__Cities__{i}__Code"] = code;
            settings[$"Fleet__Cities__{i}__Name"] = city;
            settings[$"Fleet__Cities__{i}__ConnectionString"] = database;
            foreach (var (j, pool) in pools.Index()) settings[$"Fleet__Cities__{i}__Pools__{j}"] = pool;
        }

        var cluster = new ProvinceCluster(folder, clusters, settings, nodes) { ProvinceDatabase = province, WuhanDatabase = wuhan, CitiesDatabase = cities };
        // As an operator sets a province up: each city once, then the province above them.
        foreach (var (code, city, _, _) in listed) await cluster.SetUpAsync("setup-city", code, city, "--admin", AdminOf(code));
        await cluster.SetUpAsync("setup-province", Province, "湖北省", "--supervisor", Supervisor);
        for (var node = 0; node < nodes; node++) await cluster.StartNodeAsync(node);
        return cluster;
    }

    public const string Supervisor = "hb-supervisor";

    /// <summary>The first fleet administrator (and supervisor) of a city, as <c>setup-city</c> made them.</summary>
    public static string AdminOf(string city) => city switch { Wuhan => "wh-admin", Xiangyang => "xy-admin", _ => "xt-admin" };

    private async Task SetUpAsync(params string[] arguments)
    {
        await using var setup = ServerProcess.Start(new Dictionary<string, string>(_settings) { ["FLEET_ADMIN_PASSWORD"] = Password }, arguments);
        var exit = await setup.WaitForExitAsync(TimeSpan.FromMinutes(2));
        if (exit != 0) throw new InvalidOperationException($"{string.Join(' ', arguments)} exited with {exit}:\n{setup.Output}");
        _nodes.Keep(setup.Output);
    }

    public int NodeCount => _nodes.Count;

    public bool IsUp(int node) => _nodes.IsUp(node);

    public Uri NextAddress() => _nodes.NextAddress();

    public IReadOnlyList<(int Node, Uri Address)> LiveNodes() => _nodes.LiveNodes();

    public Task StartNodeAsync(int node) => _nodes.StartAsync(node, ServerProcess.Start(_settings));

    /// <summary>SIGKILL: no shutdown, no flush, connections dropped mid-transaction.</summary>
    public Task KillNodeAsync(int node) => _nodes.KillAsync(node);

    /// <summary>Stops the second cluster — Xiangyang's and Xiantao's database — as a power cut would, and starts it again after <paramref name="down"/>.</summary>
    public async Task CrashCitiesClusterAsync(TimeSpan down, Func<Task>? meanwhile = null)
    {
        _clusters[1].Shutdown(PostgresShutdown.Immediate);
        ClusterCrashes++;
        var wait = Task.Delay(down);
        if (meanwhile is not null) await meanwhile();
        await wait;
        _clusters[1].StartAgain();
    }

    public Task WaitUntilReadyAsync(TimeSpan timeout) => _nodes.WaitUntilReadyAsync(timeout);

    public string LogTail(int lines = 60) => _nodes.LogTail(lines);

    public async ValueTask DisposeAsync()
    {
        await _nodes.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        foreach (var cluster in _clusters) cluster.Stop();
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
