using Fleet.Projections.PoolFleet;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Infrastructure.Time;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Weasel.Core;
using Wolverine.Marten;

namespace Fleet.Server.Infrastructure.Marten;

public static class MartenSetup
{
    public static IServiceCollection AddFleetMarten(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => FleetDatabase.Open(
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Fleet.Database")));

        // HotCold lets several server nodes share one database with each projection running on exactly one
        // of them; a test host runs alone and can take the lock at once.
        var daemonMode = configuration.GetValue("Fleet:Projections:DaemonMode", DaemonMode.HotCold);

        services.AddMarten(sp => ConfigureStore(sp.GetRequiredService<FleetDatabase>()))
            .UseLightweightSessions()
            .AddAsyncDaemon(daemonMode)
            .IntegrateWithWolverine();

        return services;
    }

    private static StoreOptions ConfigureStore(FleetDatabase database)
    {
        var options = new StoreOptions();
        options.Connection(database.DataSource);
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase,
            json => FleetTime.ConfigureJson(json));
        NodaTimeQueryMembers.Register(options);

        // Who did it, in which role, as part of which request: every event can answer for itself in an audit.
        options.Events.MetadataConfig.EnableAll();
        // EnableAll() leaves the user name out; an audit trail without the actor is no audit trail.
        options.Events.MetadataConfig.UserNameEnabled = true;

        foreach (var (type, alias) in EventCatalog.Aliases) options.Events.MapEventType(type, alias);

        options.Projections.Add<VehicleSummaryProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<PoolFleetProjection>(ProjectionLifecycle.Async);

        // A plate identifies one vehicle: the unique index settles a race that the endpoint's pre-check cannot.
        options.Schema.For<VehicleSummary>().UniqueIndex(UniqueIndexType.Computed, VehicleSummary.PlateIndexName, x => x.Plate);

        return options;
    }
}
