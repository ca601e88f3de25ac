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
        services.AddSingleton(sp => FleetDatabase.Open(
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Fleet.Database")));

        // HotCold lets several server nodes share one database with each projection running on exactly one
        // of them; a test host runs alone and can take the lock at once.
        var daemonMode = configuration.GetValue("Fleet:Projections:DaemonMode", DaemonMode.HotCold);

        services.AddMarten(sp => ConfigureStore(sp, modules))
            .UseLightweightSessions()
            .AddAsyncDaemon(daemonMode)
            .IntegrateWithWolverine();

        return services;
    }

    private static StoreOptions ConfigureStore(IServiceProvider services, IReadOnlyList<IFleetModule> modules)
    {
        var options = new StoreOptions();
        options.Connection(services.GetRequiredService<FleetDatabase>().DataSource);
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
        options.Schema.For<DataProtectionKey>().SingleTenanted();
        options.Schema.For<IdempotencyRecord>().SingleTenanted();
        // Signed-out sign-ins, in the pool of the person who signed out.
        options.Schema.For<RevokedSignIn>();

        foreach (var module in modules)
        {
            foreach (var (type, alias) in module.Events) options.Events.MapEventType(type, alias);
            module.ConfigureStore(options, services);
        }

        return options;
    }
}
