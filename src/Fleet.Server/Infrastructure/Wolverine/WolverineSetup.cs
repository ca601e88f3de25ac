using Fleet.Server.Infrastructure.Time;
using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine;

namespace Fleet.Server.Infrastructure.Wolverine;

public static class WolverineSetup
{
    public static void UseFleetWolverine(this IHostBuilder host)
    {
        host.UseWolverine(opts =>
        {
            opts.UseRuntimeCompilation();
            opts.ServiceName = "Fleet";

            // One transaction per handler or endpoint: events, documents and outgoing messages commit together.
            opts.Policies.AutoApplyTransactions();

            // Local queues are backed by the outbox, so a message published before a crash is still handled after it.
            opts.Policies.UseDurableLocalQueues();
            opts.Policies.UseDurableInboxOnAllListeners();
            opts.Policies.UseDurableOutboxOnAllSendingEndpoints();

            opts.UseSystemTextJsonForSerialization(json => FleetTime.ConfigureJson(json));

            // The signed-in user becomes the event metadata's user name.
            opts.EnableRelayOfUserName = true;
        });
    }

    /// <summary>
    /// Wolverine and Marten generate their adapters as C# code. In development it is compiled on first use and
    /// written to Internal/Generated; a production build loads what is there and compiles only what is missing.
    /// </summary>
    public static IServiceCollection AddFleetCodeGeneration(this IServiceCollection services) =>
        services.CritterStackDefaults(defaults =>
        {
            defaults.Development.GeneratedCodeMode = TypeLoadMode.Dynamic;
            defaults.Production.GeneratedCodeMode = TypeLoadMode.Dynamic;
        });
}
