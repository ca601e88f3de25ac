using Fleet.Domain.Trips;
using Marten.Events.Aggregation;

namespace Fleet.Projections.Trips;

/// <summary>Each trip's state, inline: the clerk's list, the approver's inbox and every trip command read it.</summary>
public sealed partial class TripProjection : SingleStreamProjection<Trip, Guid>
{
    public static Trip Create(TripRequested e) => Trip.Create(e);
    public static Trip Apply(Trip trip, TripRequestAmended e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripApprovalRequired e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripAutoApproved e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripApproved e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripRejected e) => trip.Apply(e);
    public static Trip Apply(Trip trip, EmergencyTripFlaggedForReview e) => trip.Apply(e);
    public static Trip Apply(Trip trip, TripCancelled e) => trip.Apply(e);
}
