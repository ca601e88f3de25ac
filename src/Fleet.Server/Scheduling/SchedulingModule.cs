using Fleet.Server.Infrastructure;

namespace Fleet.Server.Scheduling;

/// <summary>Who and what a pool can dispatch, and when.</summary>
public sealed class SchedulingModule : IFleetModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddMemoryCache();
        services.AddSingleton<PoolRoster>();
    }
}
