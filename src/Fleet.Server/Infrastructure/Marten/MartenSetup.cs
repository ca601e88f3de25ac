using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Projections.Compliance;
using Fleet.Projections.Logbook;
using Fleet.Projections;
using Fleet.Projections.PoolFleet;
using Fleet.Projections.Reports;
using Fleet.Projections.Registry;
using Fleet.Projections.Trips;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Infrastructure.Security;
using Fleet.Server.Infrastructure.Time;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten.Schema.Indexing.Unique;
using Marten.Schema;
using Marten;
using Weasel.Core;
using Wolverine.Marten;

namespace Fleet.Server.Infrastructure.Marten;

public static class MartenSetup
{
    public const string OrganisationCodeIndex = "mt_doc_organisation_uidx_code";
    public const string DriverAccountIndex = "mt_doc_driver_uidx_user";

    public static IServiceCollection AddFleetMarten(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => FleetDatabase.Open(
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Fleet.Database")));

        // HotCold lets several server nodes share one database with each projection running on exactly one
        // of them; a test host runs alone and can take the lock at once.
        var daemonMode = configuration.GetValue("Fleet:Projections:DaemonMode", DaemonMode.HotCold);

        services.AddMarten(sp => ConfigureStore(sp.GetRequiredService<FleetDatabase>(), sp.GetRequiredService<NodaTime.DateTimeZone>(),
                sp.GetRequiredService<SignInCache>(), sp.GetRequiredService<Audit.AuditSealer>()))
            .UseLightweightSessions()
            .AddAsyncDaemon(daemonMode)
            .IntegrateWithWolverine();

        return services;
    }

    private static StoreOptions ConfigureStore(FleetDatabase database, NodaTime.DateTimeZone zone, SignInCache signIns, Audit.AuditSealer sealer)
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
        // A change to an account ends its sign-ins here from the next request on (ADR 010).
        options.Listeners.Add(new AccountChangeListener(signIns));

        // Each pool — the city's and every district's — is a tenant: one district's data is invisible to
        // another's users by construction, and a district can later move to a database of its own.
        options.Events.TenancyStyle = TenancyStyle.Conjoined;
        options.Policies.AllDocumentsAreMultiTenanted();
        // Sign-in happens before anybody's pool is known, so credentials are looked up across the city.
        options.Schema.For<UserCredential>().SingleTenanted();
        options.Schema.For<DataProtectionKey>().SingleTenanted();
        options.Schema.For<Fleet.Server.Infrastructure.Http.IdempotencyRecord>().SingleTenanted();
        // Signed-out sign-ins, in the pool of the person who signed out.
        options.Schema.For<RevokedSignIn>();

        options.Projections.Add<OrganisationProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<UserProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<VehicleProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<DriverProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<VehicleSummaryProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<TripProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<CurrentApprovalPolicyProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<DispatchRegisterProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<PoolFleetProjection>(ProjectionLifecycle.Async);
        options.Projections.Add<LogbookEntryProjection>(ProjectionLifecycle.Async);
        // A custom projection says nothing of what it writes: a rebuild must be told to clear the totals it adds to.
        options.Projections.Add(new LogbookTotalsProjection(zone), ProjectionLifecycle.Async, LogbookTotalsProjection.Name, daemon =>
        {
            daemon.BatchSize = ProjectionPaging.RebuildBatchSize;
            daemon.DeleteViewTypeOnTeardown<LogbookTotals>();
        });
        options.Schema.For<LogbookTotals>();
        options.Projections.Add(new FlaggedRecordsProjection(zone), ProjectionLifecycle.Async, FlaggedRecordsProjection.Name, daemon =>
        {
            daemon.BatchSize = ProjectionPaging.RebuildBatchSize;
            daemon.DeleteViewTypeOnTeardown<FlaggedRecord>();
        });
        options.Schema.For<FlaggedRecord>();

        // Unique indexes settle the races that the endpoints' pre-checks cannot; plates and organisation codes
        // are unique across the whole city, whichever pool holds them.
        options.Schema.For<VehicleSummary>().UniqueIndex(UniqueIndexType.Computed, VehicleSummary.PlateIndexName, TenancyScope.Global, x => x.Plate);
        options.Schema.For<Organisation>().UniqueIndex(UniqueIndexType.Computed, OrganisationCodeIndex, TenancyScope.Global, x => x.Code);
        // Reservations are found by car, driver and period among a year of trips: real, indexed columns, not JSON.
        options.Schema.For<Fleet.Domain.Trips.Trip>()
            .Duplicate(t => t.Assignment!.VehicleId)
            .Duplicate(t => t.Assignment!.DriverId)
            // Counting a month of use per car and driver reads this index alone, not the trips' rows.
            .Duplicate(t => t.Assignment!.ReservedFrom, pgType: "timestamptz", configure: index =>
            {
                index.Columns = ["tenant_id", "assignmentreserved_from"];
                index.IncludeColumns = ["assignmentvehicle_id", "assignmentdriver_id"];
            })
            .Duplicate(t => t.Assignment!.ReservedUntil, pgType: "timestamptz", configure: index => index.Columns = ["tenant_id", "assignmentreserved_until"]);
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType == typeof(Fleet.Domain.Trips.Trip)) TripMapping.AddReservationIndexes(mapping);
            if (mapping.DocumentType == typeof(FlaggedRecord)) FlaggedRecordMapping.AddPeriodIndex(mapping);
        });
        // A logbook page is one car's or one driver's month; compliance reads a pool's period.
        options.Schema.For<LogbookEntry>()
            .Duplicate(e => e.VehicleId)
            .Duplicate(e => e.DriverId)
            .Duplicate(e => e.DepartedAt, pgType: "timestamptz", configure: index => index.Columns = ["tenant_id", "departed_at"]);
        options.Schema.For<Fleet.Domain.Drivers.Driver>().UniqueIndex(UniqueIndexType.Computed, DriverAccountIndex, TenancyScope.PerTenant, x => x.UserId!);

        Audit.AuditChainStore.AddTables(options);
        // Whatever appends events, through whichever session, seals them in their transaction (docs/adr/006).
        options.Listeners.Add(new Audit.AuditSealing(options.Events.DatabaseSchemaName, sealer));
        return options;
    }
}
