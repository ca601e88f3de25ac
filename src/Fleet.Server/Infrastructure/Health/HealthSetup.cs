using Fleet.Server.Infrastructure.Database;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Marten.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Fleet.Server.Infrastructure.Health;

public static class HealthSetup
{
    public static IServiceCollection AddFleetHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<ProjectionDaemonHealthCheck>("projections", tags: ["ready"]);
        return services;
    }

    public static void MapFleetHealth(this IEndpointRouteBuilder endpoints)
    {
        // Live: the process answers. Ready: it can also reach its database and its views are keeping up.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        endpoints.MapGet("/health/projections", ProjectionsHere.ReportAsync).AllowAnonymous();
    }
}

/// <summary>The projections running on this node, and how far every projection has read.</summary>
/// <param name="RunningHere">Empty on a standby node: with several nodes, the projections run on one at a time.</param>
/// <param name="HighWaterMark">Of the main database.</param>
/// <param name="Shards">Of the main database.</param>
/// <param name="Databases">
/// With cities in databases of their own (ADR 025), each database's: which cities it holds, how far its events go and how
/// far its projections have read. A database that does not answer says so and the others are reported all the same.
/// </param>
public sealed record ProjectionsReport(
    IReadOnlyList<string> RunningHere, long HighWaterMark, IReadOnlyList<ShardProgress> Shards, IReadOnlyList<DatabaseProgress> Databases);

public sealed record DatabaseProgress(string Database, IReadOnlyList<string> Cities, bool Answers, long HighWaterMark, IReadOnlyList<ShardProgress> Shards);

public sealed record ShardProgress(string Shard, long Sequence);

/// <summary>
/// Which node an operator looks at when the projections fall behind: under <c>HotCold</c> every node has a daemon, but
/// only the one holding the database's lock runs the projections, and they move when that node stops.
/// </summary>
internal static class ProjectionsHere
{
    public static async Task<ProjectionsReport> ReportAsync(HttpContext http, IDocumentStore store, FleetDatabases databases, CancellationToken cancellation)
    {
        // Each database is read once; the main one's figures are also the report's own, as with a single database.
        var mainDatabase = store.Storage.Database;
        var read = databases.Cities.IsProvince ? await store.Storage.AllDatabases() : [mainDatabase];
        var each = new List<(IMartenDatabase Database, DatabaseProgress Progress)>();
        foreach (var database in read) each.Add((database, await ProgressOfAsync(database, databases, cancellation)));

        var main = each.FirstOrDefault(d => ReferenceEquals(d.Database, mainDatabase)).Progress
                   ?? await ProgressOfAsync(mainDatabase, databases, cancellation);
        return new ProjectionsReport(RunningHere(http.RequestServices, databases.Cities.IsProvince), main.HighWaterMark, main.Shards,
            databases.Cities.IsProvince ? each.Select(d => d.Progress).ToList() : []);
    }

    /// <summary>
    /// A node started without a daemon (DaemonMode Disabled) has no coordinator and runs nothing. Running or paused after an
    /// error, an agent is held by this node and by no other. With several databases Wolverine assigns the agents, named
    /// <c>event-subscriptions://marten/main/{database}/{projection}/{shard}</c>.
    /// </summary>
    private static List<string> RunningHere(IServiceProvider services, bool wolverineAssigns)
    {
        // Under Wolverine's distribution a coordinator is registered too, but it has no daemon of the main database to ask.
        if (!wolverineAssigns && services.GetService<global::Marten.Events.Daemon.Coordination.IProjectionCoordinator>() is { } coordinator)
            return coordinator.DaemonForMainDatabase().CurrentAgents().Select(agent => agent.Name.Identity).Order(StringComparer.Ordinal).ToList();

        var runtime = services.GetRequiredService<global::Wolverine.Runtime.IWolverineRuntime>();
        return runtime.Agents.AllRunningAgentUris()
            .Where(uri => uri.Scheme == "event-subscriptions")
            .Select(uri => uri.ToString())
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<DatabaseProgress> ProgressOfAsync(IMartenDatabase database, FleetDatabases databases, CancellationToken cancellation)
    {
        var cities = databases.Cities.Databases.FirstOrDefault(d => d.Pools.Any(database.TenantIds.Contains))?.Cities ?? [];
        try
        {
            var highWater = (await database.FetchEventStoreStatistics(cancellation)).EventSequenceNumber;
            var shards = CurrentVersions.Of((await database.AllProjectionProgress(cancellation)).Where(p => p.ShardName.Contains(':')), p => p.ShardName)
                .Select(p => new ShardProgress(p.ShardName, p.Sequence))
                .OrderBy(p => p.Shard, StringComparer.Ordinal)
                .ToList();
            return new DatabaseProgress(database.Id.Identity, cities, true, highWater, shards);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && databases.Cities.IsProvince)
        {
            return new DatabaseProgress(database.Id.Identity, cities, false, 0, []);
        }
    }
}

/// <summary>
/// Ready needs the main database. With cities in databases of their own a city's that does not answer leaves the node
/// degraded, not unready: it still serves every other city, and taking it out of the balancer would stop them too.
/// </summary>
internal sealed class DatabaseHealthCheck(FleetDatabases databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var silent = new List<string>();
        foreach (var (id, database) in databases.All())
        {
            try
            {
                await using var command = database.DataSource.CreateCommand("select 1");
                await command.ExecuteScalarAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (ReferenceEquals(database, databases.Main)) return HealthCheckResult.Unhealthy("The database does not answer.", e);
                silent.Add(id);
            }
        }

        return silent.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"These cities' databases do not answer: {string.Join(", ", silent.Select(Cities))}.");

        string Cities(string id) => string.Join(" ", databases.Cities.Cities.Where(c => c.DatabaseId == id).Select(c => $"{c.Code} {c.Name}"));
    }
}

/// <summary>
/// The async projections are healthy when every one of them has processed the event store up to a small lag.
/// A daemon that is not running anywhere — on this node or, in hot/cold mode, another — falls behind and shows here.
/// </summary>
internal sealed class ProjectionDaemonHealthCheck(IDocumentStore store, FleetDatabases databases, IConfiguration configuration) : IHealthCheck
{
    private readonly long _maxLag = configuration.GetValue("Fleet:Projections:MaxHealthyLag", 1000L);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        var behind = new List<string>();
        // One database's projections are checked even when another's does not answer: that one is the database check's.
        foreach (var database in await store.Storage.AllDatabases())
        {
            var name = databases.Cities.IsProvince ? $"{database.Id.Identity} " : "";
            try
            {
                var highWater = (await database.FetchEventStoreStatistics(cancellationToken)).EventSequenceNumber;
                var progress = await database.AllProjectionProgress(cancellationToken);
                behind.AddRange(CurrentVersions.Of(progress.Where(p => !p.ShardName.StartsWith("HighWaterMark", StringComparison.Ordinal)), p => p.ShardName)
                    .Where(p => highWater - p.Sequence > _maxLag)
                    .Select(p => $"{name}{p.ShardName} at {p.Sequence} of {highWater}"));
                data[databases.Cities.IsProvince ? $"highWaterMark {database.Id.Identity}" : "highWaterMark"] = highWater;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && databases.Cities.IsProvince)
            {
                // Reported by the database check, as degraded.
            }
        }

        return behind.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Unhealthy($"Projections behind the event store: {string.Join(", ", behind)}", data: data);
    }
}

/// <summary>
/// The progress rows of the projections as they are now. Raising a projection's version (ADR 009) gives it a shard of
/// its own, <c>Name:V2:All</c>, and leaves the row of the version before, <c>Name:All</c>, behind for good: a row that
/// no longer moves, not a projection falling behind.
/// </summary>
internal static class CurrentVersions
{
    public static IEnumerable<T> Of<T>(IEnumerable<T> rows, Func<T, string> shard)
    {
        var parsed = rows.Select(row => (Row: row, Shard: Parse(shard(row)))).ToList();
        var newest = parsed.GroupBy(p => p.Shard.Name).ToDictionary(g => g.Key, g => g.Max(p => p.Shard.Version));
        return parsed.Where(p => p.Shard.Version == newest[p.Shard.Name]).Select(p => p.Row);
    }

    /// <summary><c>Name:ShardKey</c> is version 1; <c>Name:V{n}:ShardKey</c> version n (a tenant may follow either).</summary>
    private static (string Name, uint Version) Parse(string shard)
    {
        var parts = shard.Split(':');
        return parts.Length > 2 && parts[1] is ['V', .. var digits] && uint.TryParse(digits, out var version)
            ? (parts[0], version)
            : (parts[0], 1u);
    }
}
