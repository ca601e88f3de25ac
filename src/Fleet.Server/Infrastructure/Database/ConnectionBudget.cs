using Npgsql;

namespace Fleet.Server.Infrastructure.Database;

/// <summary>
/// What this node may ask each PostgreSQL server for, against what the server allows. Every database has two pools here
/// (<see cref="FleetDatabase.DataSource"/> and <see cref="FleetDatabase.UnflushedDataSource"/>), each of up to the
/// connection string's <c>Maximum Pool Size</c> (Npgsql's default 100), and a node can use all of them at once: when it
/// stops, every durable queue releases its messages in each database together. A server that allows fewer refuses the rest
/// with "too many clients" — to this node and to every other node on it — so a start says so once, in a sentence that
/// names the setting that mends it (docs/scale.md, Connections).
/// </summary>
public sealed class ConnectionBudget(FleetDatabases databases, ILogger<ConnectionBudget> logger) : BackgroundService
{
    /// <summary>A PostgreSQL server, the databases of this node's on it, and how many connections their pools may open.</summary>
    public sealed record Server(string Address, IReadOnlyList<string> Databases, int MostConnections);

    public const int PoolsPerDatabase = 2;

    /// <summary>The servers <paramref name="connectionStrings"/> are on, each once.</summary>
    public static IReadOnlyList<Server> Servers(IEnumerable<string> connectionStrings) =>
        connectionStrings.Select(c => new NpgsqlConnectionStringBuilder(c))
            .GroupBy(AddressOf)
            .Select(server => new Server(server.Key, server.Select(c => c.Database ?? "").ToList(), server.Sum(c => PoolsPerDatabase * c.MaxPoolSize)))
            .ToList();

    private static string AddressOf(NpgsqlConnectionStringBuilder connection) => $"{connection.Host?.ToLowerInvariant()}:{connection.Port}";

    /// <summary>The sentence a start logs when <paramref name="server"/> allows fewer connections than this node alone may open; null when it does not.</summary>
    public static string? Overdrawn(Server server, int allowed) =>
        server.MostConnections <= allowed
            ? null
            : $"This node alone may open {server.MostConnections} connections to the PostgreSQL server at {server.Address} "
              + $"({server.Databases.Count} database(s) there: {string.Join(", ", server.Databases)}; {PoolsPerDatabase} pools each, up to the "
              + $"connection string's Maximum Pool Size), and the server allows {allowed}: beyond that it refuses connections to every "
              + "node with \"too many clients\". Set Maximum Pool Size in these connection strings so that all nodes' pools together "
              + "stay below the server's max_connections, or raise max_connections (docs/scale.md, Connections).";

    /// <summary>Each server this node overdraws, in a sentence, asking every server how many connections it allows.</summary>
    public async Task<IReadOnlyList<string>> OverdrawnAsync(CancellationToken cancellation)
    {
        var sentences = new List<string>();
        foreach (var onServer in databases.All().Select(d => d.Database).GroupBy(d => AddressOf(new NpgsqlConnectionStringBuilder(d.ConnectionString))))
        {
            var server = Servers(onServer.Select(d => d.ConnectionString)).Single();
            await using var connection = await onServer.First().DataSource.OpenConnectionAsync(cancellation);
            // Superusers' reserved connections are not for this node's role.
            await using var allowed = new NpgsqlCommand(
                "select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int", connection);
            if (Overdrawn(server, (int)(await allowed.ExecuteScalarAsync(cancellation))!) is { } sentence) sentences.Add(sentence);
        }

        return sentences;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var sentence in await OverdrawnAsync(stoppingToken)) logger.LogWarning("{Overdrawn}", sentence);
        }
        catch (Exception e) when (DatabaseUnavailable.Is(e) || stoppingToken.IsCancellationRequested)
        {
            // A server that does not answer now is reported by the health checks; the budget is only advice.
            logger.LogDebug(e, "Could not compare the connection pools with the servers' max_connections");
        }
    }
}
