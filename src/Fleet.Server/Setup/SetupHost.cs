using JasperFx.CommandLine;

namespace Fleet.Server.Setup;

/// <summary>The frame of the set-up commands: start the host (schema, messaging), do the work, stop it again.</summary>
public static class SetupHost
{
    /// <summary>
    /// The password of the account a set-up command opens, from FLEET_ADMIN_PASSWORD so that it never appears in a process
    /// listing; null, with the reason printed, when it is not set.
    /// </summary>
    public static string? Password(string whose)
    {
        var password = Environment.GetEnvironmentVariable("FLEET_ADMIN_PASSWORD");
        if (!string.IsNullOrEmpty(password)) return password;
        Console.Error.WriteLine($"Set FLEET_ADMIN_PASSWORD to {whose} password (at least 10 characters).");
        return null;
    }

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
