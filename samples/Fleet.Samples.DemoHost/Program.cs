using System.Globalization;
using Fleet.Samples.DemoCity.Geography;
using Fleet.Server.Hosting;
using Fleet.Server.Infrastructure.Database;
using Microsoft.Extensions.Configuration.Memory;

namespace Fleet.Samples.DemoHost;

/// <summary>
/// Fleet with the demo city W市: the server as deployed plus the <see cref="DemoModule"/>. Its settings are the server's
/// (copied beside it by the build); demo mode is on unless the configuration turns it off.
/// </summary>
public static class DemoProgram
{
    public static async Task<int> Main(string[] args)
    {
        // Settings are read once, at start (see the server's Program.cs for why).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
            ContentRootPath = AppContext.BaseDirectory,
        });
        AddDemoDefaults(builder.Configuration);
        if (FleetDatabase.MissingPrerequisite(builder.Configuration) is { } missing)
        {
            Console.Error.WriteLine(missing);
            return 1;
        }

        // The pages' style sheets and scripts are the server project's: served from where it keeps them in any environment.
        builder.WebHost.UseStaticWebAssets();
        builder.AddFleet(new DemoModule());
        var app = builder.Build();
        app.UseFleet();
        return await app.RunFleetAsync(args);
    }

    /// <summary>
    /// Demo mode and the full city, with the city's approved area and its pools' bases from its map for the tracks'
    /// checks, below every other source: the settings files, the environment and the command line win.
    /// </summary>
    public static void AddDemoDefaults(IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = DemoDefaults() });

    public static Dictionary<string, string?> DemoDefaults()
    {
        var map = WCityMap.Load();
        var defaults = new Dictionary<string, string?>
        {
            ["Fleet:Demo:Enabled"] = "true",
            ["Fleet:Demo:Size"] = "city",
            ["Fleet:Positions:CityArea"] = string.Join(';', map.CityArea().Select(Text)),
        };
        foreach (var depot in map.Places.Where(p => p.Kind == "depot" && p.Pool is not null)) defaults[$"Fleet:Positions:Bases:{depot.Pool}"] = Text(depot.Point);
        return defaults;

        static string Text(GeoPoint point) => string.Create(CultureInfo.InvariantCulture, $"{point.Latitude:0.######},{point.Longitude:0.######}");
    }
}
