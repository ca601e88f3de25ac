using Fleet.Server.Infrastructure.Database;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

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
public sealed record ProjectionsReport(IReadOnlyList<string> RunningHere, long HighWaterMark, IReadOnlyList<ShardProgress> Shards);

public sealed record ShardProgress(string Shard, long Sequence);

/// <summary>
/// Which node an operator looks at when the projections fall behind: under <c>HotCold</c> every node has a daemon, but
/// only the one holding the database's lock runs the projections, and they move when that node stops.
/// </summary>
internal static class ProjectionsHere
{
    public static async Task<ProjectionsReport> ReportAsync(HttpContext http, IDocumentStore store, CancellationToken cancellation)
    {
        // A node started without a daemon (DaemonMode Disabled) has no coordinator and runs nothing. Running or paused
        // after an error, an agent is held by this node and by no other.
        var coordinator = http.RequestServices.GetService<global::Marten.Events.Daemon.Coordination.IProjectionCoordinator>();
        var running = (coordinator?.DaemonForMainDatabase().CurrentAgents() ?? [])
            .Select(agent => agent.Name.Identity)
            .Order(StringComparer.Ordinal)
            .ToList();
        var highWater = (await store.Advanced.FetchEventStoreStatistics(token: cancellation)).EventSequenceNumber;
        var shards = CurrentVersions.Of((await store.Advanced.AllProjectionProgress(token: cancellation)).Where(p => p.ShardName.Contains(':')), p => p.ShardName)
            .Select(p => new ShardProgress(p.ShardName, p.Sequence))
            .OrderBy(p => p.Shard, StringComparer.Ordinal)
            .ToList();
        return new ProjectionsReport(running, highWater, shards);
    }
}

internal sealed class DatabaseHealthCheck(FleetDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = database.DataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}

/// <summary>
/// The async projections are healthy when every one of them has processed the event store up to a small lag.
/// A daemon that is not running anywhere — on this node or, in hot/cold mode, another — falls behind and shows here.
/// </summary>
internal sealed class ProjectionDaemonHealthCheck(IDocumentStore store, IConfiguration configuration) : IHealthCheck
{
    private readonly long _maxLag = configuration.GetValue("Fleet:Projections:MaxHealthyLag", 1000L);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var highWater = (await store.Advanced.FetchEventStoreStatistics(token: cancellationToken)).EventSequenceNumber;
        var progress = await store.Advanced.AllProjectionProgress(token: cancellationToken);
        var behind = CurrentVersions.Of(progress.Where(p => !p.ShardName.StartsWith("HighWaterMark", StringComparison.Ordinal)), p => p.ShardName)
            .Where(p => highWater - p.Sequence > _maxLag)
            .Select(p => $"{p.ShardName} at {p.Sequence} of {highWater}")
            .ToList();

        var data = new Dictionary<string, object> { ["highWaterMark"] = highWater };
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
