using Fleet.Domain.Positions;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Domain.Positions.Tracks;
using Fleet.Projections.AggregateState;
using Fleet.Projections.Reconciliation;
using Fleet.Projections.Terminals;
using Fleet.Server.Infrastructure;
using Fleet.Jt808.Session;
using Fleet.Server.Positions.Gateway;
using Fleet.Server.Positions.Intake;
using Fleet.Server.Positions.Reconciliation;
using Fleet.Server.Positions.Store;
using Fleet.Server.Positions.Tracks;
using JasperFx.Events.Projections;
using Marten.Schema;
using Marten.Schema.Indexing.Unique;
using Wolverine.Marten;

namespace Fleet.Server.Positions;

/// <summary>
/// Positions (docs/adr/017): the satellite terminals bound to the pools' cars, as events on each car's stream with an
/// inline registry the intake looks terminals up in, and the positions they report, kept in a table partitioned by day
/// rather than as events; the tracks and live map read from them, each look at a track recorded as <c>track_viewed</c>; and
/// the JT/T 808 gateway the terminals report through, when it is configured.
/// </summary>
public sealed class PositionsModule : IFleetModule
{
    public IReadOnlyDictionary<Type, string> Events { get; } = new Dictionary<Type, string>
    {
        [typeof(TerminalBound)] = "terminal_bound",
        [typeof(TerminalUnbound)] = "terminal_unbound",
        [typeof(TerminalReplaced)] = "terminal_replaced",
        [typeof(ReconciliationPolicyChanged)] = "reconciliation_policy_changed",
        [typeof(TripTrackReconciled)] = "trip_track_reconciled",
        [typeof(VehicleDayReconciled)] = "vehicle_day_reconciled",
        [typeof(GeofenceDrawn)] = "geofence_drawn",
        [typeof(GeofenceRedrawn)] = "geofence_redrawn",
        [typeof(GeofenceRemoved)] = "geofence_removed",
        [typeof(TrackViewed)] = "track_viewed",
    };

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(PositionSettings.Section).Get<PositionSettings>() ?? new PositionSettings();
        settings.Validate();
        services.AddSingleton(settings);
        services.AddSingleton(new UniqueIndexRule(TerminalRegistration.TerminalIndexName, "terminal.bound_concurrently",
            "This terminal was bound to another vehicle a moment ago: a terminal reports for one car at a time."));
        services.AddSingleton<PositionPartitions>();
        services.AddSingleton<PositionWriter>();
        services.AddSingleton<PositionReader>();
        services.AddSingleton<TrackLookBook>();
        services.AddSingleton(MapSettings.From(configuration));
        services.AddSingleton<LateTracks>();
        services.AddSingleton<IPositionIntake, PositionIntake>();
        services.AddHostedService<PositionPartitionKeeper>();
        services.AddSingleton<TerminalCodes>();
        // Tracks are checked against trips when a trip is finished, and every car-day once the night after it is over.
        services.SubscribeToEvents(new TripFinishedFeed(settings.TripCheckAfter));
        services.AddHostedService<DayReconciliationClock>();
        if (!settings.Gateway.Enabled) return;
        services.AddSingleton<ITerminalDirectory, TerminalDirectory>();
        services.AddSingleton(sp => new PositionBatches(sp.GetRequiredService<IPositionIntake>(), settings.Gateway.Writers, settings.Gateway.BatchPositions));
        services.AddSingleton<IPositionSink, PositionSink>();
        services.AddSingleton<Jt808Gateway>();
        services.AddHostedService(sp => sp.GetRequiredService<Jt808Gateway>());
    }

    public void ConfigureStore(StoreOptions options, IServiceProvider services)
    {
        options.Projections.Add<TerminalRegistrationProjection>(ProjectionLifecycle.Inline);
        // The thresholds and geofences in force are read by every check and every change: kept inline.
        options.Projections.Add<CurrentReconciliationPolicyProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new AggregateStateProjection<GeofenceOutline>().EndsWith<GeofenceRemoved>(), ProjectionLifecycle.Inline);
        // The unique index settles the race the binding's pre-check cannot; a terminal is unique across the whole city.
        options.Schema.For<TerminalRegistration>().UniqueIndex(UniqueIndexType.Computed, TerminalRegistration.TerminalIndexName, TenancyScope.Global,
            x => x.Terminal);
        options.Schema.For<ReconciliationMark>();
        PositionTable.Add(options);
        TerminalCodes.Add(options);
    }
}
