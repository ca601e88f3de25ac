using Fleet.Samples.DemoCity;
using JasperFx.CommandLine;

namespace Fleet.Samples.DemoHost;

public sealed class DemoCityInput : NetCoreInput
{
    [Description("accounts, tiny, city, or a multiple of the city such as 4 (default: city)")]
    public string SizeFlag { get; set; } = DemoCitySize.City.Name;

    [Description("Seed of the generated history: the same seed gives the same city")]
    public int SeedFlag { get; set; } = DemoCity.DefaultSeed;
}

/// <summary>
/// Loads the demo city into the configured database on request, in any size: for a benchmark, into a data
/// directory of its own (<c>Fleet__Database__DataDirectory=.data/demo-4 dotnet run -- demo-city --size 4</c>).
/// </summary>
[Description("Generate the demo city W市 with its history into an empty database", Name = "demo-city")]
public sealed class DemoCityCommand : JasperFxAsyncCommand<DemoCityInput>
{
    public override async Task<bool> Execute(DemoCityInput input)
    {
        if (!DemoCitySize.TryParse(input.SizeFlag, out var size))
        {
            Console.Error.WriteLine($"'{input.SizeFlag}' is not a demo city size: use accounts, tiny, city or a multiple of the city such as 4.");
            return false;
        }

        // The command loads the size it was asked for; the start-up seeding of demo mode must not get there first.
        DemoCity.LoadingOnRequest = true;
        return await SetupHost.RunAsync(input, async services =>
        {
            var summary = await services.GetRequiredService<DemoCity>().LoadAsync(size, input.SeedFlag, CancellationToken.None);
            Console.WriteLine($"Loaded the demo city ({size.Name}, seed {input.SeedFlag}): {summary.Events:N0} events, {summary.TripsRequested:N0} trips.");
        });
    }
}
