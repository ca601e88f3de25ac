using Fleet.Server.Infrastructure;

namespace Fleet.Server.Setup;

/// <summary>Setting up a city once, and the demo city a demo-mode start fills an empty database with.</summary>
public sealed class SetupModule : IFleetModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CitySetup>();
        services.AddSingleton<DemoCity>();
        services.AddSingleton<DemoCityLoader>();
        if (configuration.GetValue("Fleet:Demo:Enabled", false)) services.AddHostedService<DemoCitySeeder>();
    }
}
