using Fleet.Domain.People;
using Fleet.Domain.Trips;

namespace Fleet.Server.Web.Pages.Trips;

/// <summary>
/// Which of the requester's forms a trip page offers now. The decisions refuse anything else anyway; these only keep
/// a page from offering a button that can only be refused.
/// </summary>
public static class TripActions
{
    private static bool Mine(Trip trip, Actor me) => me.Has(Role.Clerk) && trip.RequestedBy == me.UserId;

    public static bool Amendable(Trip trip, Actor me) => Mine(trip, me) && trip.Status is TripStatus.Requested or TripStatus.Approved;

    public static bool Cancellable(Trip trip, Actor me) => Mine(trip, me) && !trip.Status.IsFinal() && trip.Status != TripStatus.InProgress;

    /// <summary>The car is back and the record waits for the requester's confirmation or dispute.</summary>
    public static bool Answerable(Trip trip, Actor me) => Mine(trip, me) && trip.Status == TripStatus.Completed;

    public static bool Disputable(Trip trip, Actor me) => Answerable(trip, me) && !trip.Disputed;

    /// <summary>Rated on its own once closed; while completed, the rating goes with the confirmation.</summary>
    public static bool Rateable(Trip trip, Actor me) => Mine(trip, me) && trip.Status == TripStatus.Closed && trip.Stars is null;
}
