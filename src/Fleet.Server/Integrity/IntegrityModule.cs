using Fleet.Server.Infrastructure;

namespace Fleet.Server.Integrity;

/// <summary>The tamper-evident chain over every event (docs/adr/006): its tables, its seals and the keeper that signs its digests.</summary>
public sealed class IntegrityModule : IFleetModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AuditChains>();
        // The main database's, the only one of a single city: what the commands and measurements of one database use.
        services.AddSingleton(sp => sp.GetRequiredService<AuditChains>().Main.Chain);
        services.AddSingleton(sp => sp.GetRequiredService<AuditChains>().Main.Verifier);
        services.AddSingleton(sp => sp.GetRequiredService<AuditChains>().Main.Runs);
        services.AddSingleton(sp => AuditSigner.FromConfiguration(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton(sp => AuditSealer.FromConfiguration(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
        services.AddHostedService<AuditChainKeeper>();
    }

    public void ConfigureStore(StoreOptions options, IServiceProvider services)
    {
        AuditChainStore.AddTables(options);
        // Whatever appends events, through whichever session, seals them in their transaction (docs/adr/006).
        options.Listeners.Add(new AuditSealing(options.Events.DatabaseSchemaName, services.GetRequiredService<AuditSealer>()));
    }
}
