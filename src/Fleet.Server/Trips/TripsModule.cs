using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Projections;
using Fleet.Projections.AggregateState;
using Fleet.Projections.Trips;
using Fleet.Server.Infrastructure;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Trips.Dispatching;
using Fleet.Server.Trips.Driving;
using JasperFx.Events.Projections;

namespace Fleet.Server.Trips;

/// <summary>A trip's life from request through approval, dispatch and driving to closing, and each pool's register of dispatch orders.</summary>
public sealed class TripsModule : IFleetModule
{
    public IReadOnlyDictionary<Type, string> Events { get; } = new Dictionary<Type, string>
    {
        [typeof(TripRequested)] = "trip_requested",
        [typeof(TripRequestAmended)] = "trip_request_amended",
        [typeof(TripApprovalRequired)] = "trip_approval_required",
        [typeof(TripAutoApproved)] = "trip_auto_approved",
        [typeof(TripApproved)] = "trip_approved",
        [typeof(TripRejected)] = "trip_rejected",
        [typeof(EmergencyTripFlaggedForReview)] = "emergency_trip_flagged_for_review",
        [typeof(TripCancelled)] = "trip_cancelled",
        [typeof(PolicyChanged)] = "policy_changed",
        [typeof(ApprovalPolicyChanged)] = "approval_policy_changed",
        [typeof(TripApprovalChainRequired)] = "trip_approval_chain_required",
        [typeof(HolidaySealingDeclared)] = "holiday_sealing_declared",
        [typeof(HolidaySealingLifted)] = "holiday_sealing_lifted",
        [typeof(TripDispatched)] = "trip_dispatched",
        [typeof(TripReassigned)] = "trip_reassigned",
        [typeof(TripUndispatched)] = "trip_undispatched",
        [typeof(DispatchRegisterOpened)] = "dispatch_register_opened",
        [typeof(DispatchOrderIssued)] = "dispatch_order_issued",
        [typeof(TripAccepted)] = "trip_accepted",
        [typeof(TripDeclined)] = "trip_declined",
        [typeof(TripStarted)] = "trip_started",
        [typeof(TripOdometerGapRecorded)] = "trip_odometer_gap_recorded",
        [typeof(TripFinished)] = "trip_finished",
        [typeof(TripStartOverdue)] = "trip_start_overdue",
        [typeof(TripReturnOverdue)] = "trip_return_overdue",
        [typeof(TripCompletionConfirmed)] = "trip_completion_confirmed",
        [typeof(TripDisputed)] = "trip_disputed",
        [typeof(TripRated)] = "trip_rated",
        [typeof(TripClosed)] = "trip_closed",
        [typeof(EmergencyTripReviewed)] = "emergency_trip_reviewed",
        [typeof(TripContactGiven)] = "trip_contact_given",
    };

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        // The turnaround is the pool's to set (Fleet:Dispatch:Turnaround, e.g. 00:45:00); beyond a day it would be a
        // typing error, not a practice.
        var turnaround = configuration.GetValue<TimeSpan?>("Fleet:Dispatch:Turnaround") is { } configured
            ? Duration.FromTimeSpan(configured)
            : DispatchSettings.Default.Turnaround;
        if (turnaround < Duration.Zero || turnaround > Duration.FromHours(24))
            throw new InvalidOperationException($"Fleet:Dispatch:Turnaround must be between 00:00:00 and 1.00:00:00; it is {turnaround}.");
        services.AddSingleton(new DispatchSettings(turnaround));
        // A pool's month of use per car and driver, which the dispatch candidates are ranked by, is kept between requests.
        services.AddMemoryCache();
        services.AddSingleton<DispatchQueue>();
        services.ConfigureWolverine(opts => opts.Policies.AddMiddleware(typeof(DispatchQueueing),
            chain => chain.MessageType.IsAssignableTo(typeof(IQueuedAtTheDispatchDesk))));

        var defaults = TripTimings.Default;
        services.AddSingleton(new TripTimings(
            Setting(configuration, "Fleet:Trips:StartGrace", defaults.StartGrace),
            Setting(configuration, "Fleet:Trips:ReturnGrace", defaults.ReturnGrace),
            Setting(configuration, "Fleet:Trips:AutoCloseAfter", defaults.AutoCloseAfter)));
    }

    public void ConfigureStore(StoreOptions options, IServiceProvider services)
    {
        // A trip's events are days apart in the store: the larger the page a rebuild reads, the more of a trip's events
        // it folds in one write of the trip (docs/performance.md, rebuilding).
        options.Projections.Add(
            new AggregateStateProjection<Trip>().RebuildingInPagesOf(ProjectionPaging.InlineRebuildBatchSize), ProjectionLifecycle.Inline);
        options.Projections.Add<CurrentApprovalPolicyProjection>(ProjectionLifecycle.Inline);
        // Every dispatch locks and reads the register's last number, and must not fold a year of orders to learn the next.
        options.Projections.Add(new AggregateStateProjection<DispatchRegister>(), ProjectionLifecycle.Inline);
        // Every trip request asks whether its days are sealed: one document of the pool's sealings, read with the policy.
        options.Projections.Add(new AggregateStateProjection<HolidaySealings>(), ProjectionLifecycle.Inline);

        // Reservations are found by car, driver and period among a year of trips: real, indexed columns, not JSON. The period's
        // columns, the start and the unit are declared with their indexes in TripMapping.
        options.Schema.For<Trip>()
            .Duplicate(t => t.Assignment!.VehicleId)
            .Duplicate(t => t.Assignment!.DriverId);
        // The text search's indexes are built on the search text of what it looks in (TripMapping, ADR 015).
        SearchText.Register(options);
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(Trip)) return;
            TripMapping.AddListIndexes(mapping);
            TripMapping.AddReservationIndexes(mapping);
        });
        TripMapping.AddStatusStatistics(options);
    }

    private static Duration Setting(IConfiguration configuration, string key, Duration fallback)
    {
        var value = configuration.GetValue<TimeSpan?>(key) is { } configured ? Duration.FromTimeSpan(configured) : fallback;
        return value > Duration.Zero && value <= Duration.FromDays(90)
            ? value
            : throw new InvalidOperationException($"{key} must be longer than zero and at most 90 days; it is {value}.");
    }
}
