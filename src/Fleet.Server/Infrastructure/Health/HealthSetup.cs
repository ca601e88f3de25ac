using Fleet.Server.Infrastructure.Database;
using Marten;
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
        var behind = progress
            .Where(p => !p.ShardName.StartsWith("HighWaterMark", StringComparison.Ordinal))
            .Where(p => highWater - p.Sequence > _maxLag)
            .Select(p => $"{p.ShardName} at {p.Sequence} of {highWater}")
            .ToList();

        var data = new Dictionary<string, object> { ["highWaterMark"] = highWater };
        return behind.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Unhealthy($"Projections behind the event store: {string.Join(", ", behind)}", data: data);
    }
}
