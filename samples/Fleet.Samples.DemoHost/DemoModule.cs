using Fleet.Server.Infrastructure;

namespace Fleet.Samples.DemoHost;

/// <summary>
/// The demo city as a module of its own host: the production server does not carry the generator. In demo mode
/// (<c>Fleet:Demo:Enabled</c>, on by default in this host) the first start fills an empty database with W市.
/// </summary>
public sealed class DemoModule : IFleetModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DemoCity>();
        services.AddSingleton<DemoCityLoader>();
        if (configuration.GetValue("Fleet:Demo:Enabled", false)) services.AddHostedService<DemoCitySeeder>();
    }
}
