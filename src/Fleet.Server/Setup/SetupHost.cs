using Fleet.Server.Infrastructure.Database;
using JasperFx.CommandLine;

namespace Fleet.Server.Setup;

/// <summary>
/// The frame of the set-up commands: the schema brought up to date as a start would, then the work, with nothing else of a
/// server started. A set-up command is no node: it neither listens for requests — a node may already hold the port on this
/// machine — nor takes a share of the nodes' projections, timers and messages, only to hand them back moments later.
/// </summary>
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
        try
        {
            // Absent when the server's role has no schema rights (Fleet:Database:ApplyChangesOnStart false): db-apply did it.
            if (host.Services.GetService<SchemaSetup>() is { } schema) await schema.StartAsync(CancellationToken.None);
            await work(host.Services);
            return true;
        }
        catch (CitySetupException e)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }
    }
}
