using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Infrastructure.Time;
using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Fleet.Server.Infrastructure.Wolverine;

public static class WolverineSetup
{
    public static void UseFleetWolverine(this IHostBuilder host, IConfiguration configuration)
    {
        host.UseWolverine(opts =>
        {
            // How soon a node that stopped is noticed: each node writes its heartbeat every HeartbeatEvery, and one silent for
            // StaleAfter is taken for dead — its projections (ADR 025) and its messages go to the others. Shorter notices a
            // dead node sooner, and mistakes a node paused that long for a dead one.
            opts.Durability.HealthCheckPollingTime = configuration.GetValue("Fleet:Nodes:HeartbeatEvery", opts.Durability.HealthCheckPollingTime);
            opts.Durability.StaleNodeTimeout = configuration.GetValue("Fleet:Nodes:StaleAfter", opts.Durability.StaleNodeTimeout);

            opts.UseRuntimeCompilation();
            opts.ServiceName = "Fleet";
            // Handlers and endpoints live here, whichever program hosts the server (a test runner, a benchmark).
            opts.ApplicationAssembly = typeof(WolverineSetup).Assembly;

            // One transaction per handler or endpoint: events, documents and outgoing messages commit together.
            opts.Policies.AutoApplyTransactions();

            // Local queues are backed by the outbox, so a message published before a crash is still handled after it.
            opts.Policies.UseDurableLocalQueues();
            opts.Policies.UseDurableInboxOnAllListeners();
            opts.Policies.UseDurableOutboxOnAllSendingEndpoints();

            // A timer firing while someone changes the same trip simply tries again on the new state, whichever shape
            // the store's refusal takes, and one firing while the database restarts tries again once it is back. A
            // person's command is not retried behind their back: they are told that the record changed meanwhile
            // (ADR 011) or that the server is unavailable, and decide again on what they now see.
            opts.Policies.Add(new RetryTimersThroughPassingFaults());

            // Every command, from the API or a page, is stamped and recorded once per submission by its handler.
            opts.Policies.AddMiddleware(typeof(CommandSession), chain => chain.MessageType.IsAssignableTo(typeof(ICommand)));

            opts.UseSystemTextJsonForSerialization(json => FleetTime.ConfigureJson(json));

            // The signed-in user becomes the event metadata's user name.
            opts.EnableRelayOfUserName = true;
        });
    }

    /// <summary>
    /// Wolverine adapts handlers and endpoints by generating C# code. Fleet ships that code pre-generated
    /// (Internal/Generated, refreshed with <c>codegen write</c>) and loads it in <see cref="TypeLoadMode.Auto"/>:
    /// start-up skips the Roslyn compile, yet anything missing is still compiled at run time instead of failing.
    /// A test keeps the committed code identical to what the current configuration generates, so Auto never
    /// loads stale code. README.md records the measured difference.
    /// </summary>
    public static IServiceCollection AddFleetCodeGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        var mode = configuration.GetValue("Fleet:GeneratedCode", TypeLoadMode.Auto);
        return services.CritterStackDefaults(defaults =>
        {
            defaults.Development.GeneratedCodeMode = mode;
            defaults.Production.GeneratedCodeMode = mode;
            // A production server never rewrites its own source tree.
            defaults.Production.SourceCodeWritingEnabled = false;
        });
    }

    private sealed class RetryTimersThroughPassingFaults : IHandlerPolicy
    {
        public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
        {
            foreach (var chain in chains.Where(c => !c.MessageType.IsAssignableTo(typeof(ICommand))))
            {
                chain.OnException(LostRaces.Lost).RetryWithCooldown(
                    TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));
                // A database restarting (or failing over) is waited out for about a minute: a timer or a delivery given up
                // as a dead letter after three quick tries would never fire or never be sent.
                chain.OnException(DatabaseUnavailable.Is).RetryWithCooldown(
                    TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20),
                    TimeSpan.FromSeconds(30));
            }
        }
    }
}
