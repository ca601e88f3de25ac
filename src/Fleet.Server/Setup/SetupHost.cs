using JasperFx.CommandLine;

namespace Fleet.Server.Setup;

/// <summary>The frame of the set-up commands: start the host (schema, messaging), do the work, stop it again.</summary>
public static class SetupHost
{
    /// <summary>A city the database refuses is reported in one sentence, not as a stack trace.</summary>
    public static async Task<bool> RunAsync(NetCoreInput input, Func<IServiceProvider, Task> work)
    {
        using var host = input.BuildHost();
        await host.StartAsync();
        try
        {
            await work(host.Services);
            return true;
        }
        catch (CitySetupException e)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
