using Fleet.Domain.Trips;
using Marten.Events.Aggregation;

namespace Fleet.Projections.AggregateState;

/// <summary>Each trip's state, inline: the clerk's list, the approver's inbox and every trip command read it.</summary>
public sealed partial class TripProjection : SingleStreamProjection<Trip, Guid>
{
    public TripProjection()
    {
        // A trip's events are days apart in the store: the larger the page a rebuild reads, the more of a trip's
        // events it folds in one write of the trip (docs/performance.md, rebuilding).
        Options.BatchSize = ProjectionPaging.RebuildBatchSize;
    }

    public static Trip Create(TripRequested e) => Trip.Create(e);
    public static Trip Apply(Trip trip, TripRequestAmended e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripApprovalRequired e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripAutoApproved e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripApproved e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripRejected e) => trip.Apply(e);
    public static Trip Apply(Trip trip, EmergencyTripFlaggedForReview e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripCancelled e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripDispatched e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripReassigned e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripUndispatched e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripAccepted e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripDeclined e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripStarted e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripOdometerGapRecorded e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripFinished e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripStartOverdue e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripReturnOverdue e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripCompletionConfirmed e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripDisputed e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripRated e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripClosed e) => trip.Apply(e);
    public static Trip Apply(Trip trip, EmergencyTripReviewed e) => trip.Apply(e);
}
