using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Infrastructure.Time;
using JasperFx.Events.Daemon;
using JasperFx.MultiTenancy;
using Weasel.Core;
using Wolverine.Marten;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// The store as a whole: its connection, serialization, metadata and tenancy. What is stored in it — events, projections,
/// documents and their indexes — each module adds for itself.
/// </summary>
public static class MartenSetup
{
    public static IServiceCollection AddFleetMarten(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<IFleetModule> modules)
    {
        var cities = CityMap.From(configuration);
        services.AddSingleton(cities);
        services.AddSingleton(sp => FleetDatabase.Open(
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Fleet.Database")));
        services.AddSingleton(sp => new FleetDatabases(sp.GetRequiredService<FleetDatabase>(), cities, sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<ConnectionBudget>();
        services.AddHostedService(sp => sp.GetRequiredService<ConnectionBudget>());

        var store = services.AddMarten(sp => ConfigureStore(sp, modules)).UseLightweightSessions();
        if (cities.IsProvince)
        {
            // Several databases: Wolverine spreads their projections over the nodes and moves them off a node that stops
            // answering (ADR 025); the province's database is where the nodes find each other and keep untenanted messages.
            // Disabled keeps a node out of it, as with one database.
            var projections = configuration.GetValue("Fleet:Projections:DaemonMode", DaemonMode.HotCold);
            store.IntegrateWithWolverine(w =>
            {
                w.MainDatabaseConnectionString = configuration.GetConnectionString(FleetDatabase.ConnectionStringName);
                w.UseWolverineManagedEventSubscriptionDistribution = projections != DaemonMode.Disabled;
            });
            return services;
        }

        // HotCold lets several server nodes share one database with each projection running on exactly one
        // of them; a test host runs alone and can take the lock at once.
        var daemonMode = configuration.GetValue("Fleet:Projections:DaemonMode", DaemonMode.HotCold);
        store.AddAsyncDaemon(daemonMode).IntegrateWithWolverine();
        return services;
    }

    private static StoreOptions ConfigureStore(IServiceProvider services, IReadOnlyList<IFleetModule> modules)
    {
        var options = new StoreOptions();
        var databases = services.GetRequiredService<FleetDatabases>();
        if (databases.Cities.IsProvince) UseCityDatabases(options, databases);
        else options.Connection(databases.Main.DataSource);
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase,
            json => FleetTime.ConfigureJson(json));
        NodaTimeQueryMembers.Register(options);

        // A session keeps the connection it first opens until it is disposed, instead of taking one from the pool for each
        // read and write: every return to the pool costs a reset of seven statements (ADR 021), and a command reads two or
        // three times before it writes (ADR 022).
        options.UseStickyConnectionLifetimes = true;

        // Who did it, in which role, as part of which request: every event can answer for itself in an audit.
        options.Events.MetadataConfig.EnableAll();
        // EnableAll() leaves the user name out; an audit trail without the actor is no audit trail.
        options.Events.MetadataConfig.UserNameEnabled = true;

        // A change to an account ends its sign-ins here from the next request on (ADR 010).
        options.Listeners.Add(new AccountChangeListener(services.GetRequiredService<SignInCache>()));

        // Each pool — the city's and every district's — is a tenant: one district's data is invisible to
        // another's users by construction, and a district can later move to a database of its own.
        options.Events.TenancyStyle = TenancyStyle.Conjoined;
        options.Policies.AllDocumentsAreMultiTenanted();
        // Sign-in happens before anybody's pool is known, so credentials are looked up across the city.
        options.Schema.For<UserCredential>().SingleTenanted();
        // With cities in databases of their own, which city's database holds a login (ADR 025); kept in the province's.
        options.Schema.For<SignInRoute>().SingleTenanted();
        options.Schema.For<DataProtectionKey>().SingleTenanted();
        options.Schema.For<IdempotencyRecord>().SingleTenanted();
        // Signed-out sign-ins, in the pool of the person who signed out.
        options.Schema.For<RevokedSignIn>();

        options.Linq.MethodCallParsers.Add(new InCityParser(databases.Cities));

        foreach (var module in modules)
        {
            foreach (var (type, alias) in module.Events) options.Events.MapEventType(type, alias);
            module.ConfigureStore(options, services);
        }

        return options;
    }

    /// <summary>
    /// Each city's pools are tenants of the city's database, the province's own of the main one (ADR 025). A session opened
    /// for a pool works in its city's database; one opened without a pool works in the province's.
    /// </summary>
    private static void UseCityDatabases(StoreOptions options, FleetDatabases databases)
    {
        options.DataSourceFactory(new FleetDataSources(databases));
        options.MultiTenantedDatabases(tenancy =>
        {
            // The province's own pool holds its supervisors' accounts, in the province's database.
            var mainId = databases.MainId;
            var province = databases.Cities.ProvincePool!;
            if (mainId == FleetDatabases.ProvinceId)
                tenancy.AddMultipleTenantDatabase(databases.Main.ConnectionString, FleetDatabases.ProvinceId).ForTenants(province).AsDefault();
            foreach (var city in databases.Cities.Databases)
            {
                var pools = tenancy.AddMultipleTenantDatabase(city.ConnectionString, city.Id)
                    .ForTenants([.. city.Pools, .. city.Id == mainId ? [province] : Array.Empty<string>()]);
                if (city.Id == mainId) pools.AsDefault();
            }
        });
        // Sign-in, the data-protection keys and other untenanted work go to the province's database.
        options.Advanced.DefaultTenantUsageEnabled = true;
        options.Tenancy = new PoolTenancy((global::Marten.Storage.StaticMultiTenancy)options.Tenancy);
    }
}
