using Fleet.Server.Infrastructure;

namespace Fleet.Server.Setup;

/// <summary>Setting up a city once (<c>setup-city</c>), and the frame other set-up commands run in.</summary>
public sealed class SetupModule : IFleetModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddSingleton<CitySetup>();
}
