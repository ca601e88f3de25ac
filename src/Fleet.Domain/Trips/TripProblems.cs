using Fleet.Domain.Common;

namespace Fleet.Domain.Trips;

/// <summary>The refusals more than one trip decision can give, worded once so one situation carries one code.</summary>
internal static class TripProblems
{
    public static Problem NotRequester() => Problem.Forbidden("trip.not_requester",
        "Only the clerk who requested this trip can change or cancel it.");

    public static Problem AlreadyFinal(TripStatus status) => Problem.Conflict("trip.already_final",
        "This trip is {0}: it can no longer be changed.", status);

    public static Problem AlreadyDispatched(TripStatus status) => Problem.Conflict("trip.already_dispatched",
        "This trip is {0}: a vehicle and driver are assigned, so the request can no longer be amended. Cancel it and request again.",
        status);

    public static Problem SelfApproval() => Problem.Forbidden("trip.self_approval",
        "Nobody decides on their own request: another approver of the unit has to.");

    public static Problem NotAwaitingApproval(TripStatus status) => Problem.Conflict("trip.not_awaiting_approval",
        "This trip is {0} and awaits no approval.", status);

    public static Problem AlreadyStarted() => Problem.Conflict("trip.already_started",
        "This trip is under way: it is finished, not cancelled or changed.");

    /// <summary>Null while the trip can still be changed.</summary>
    public static Problem? IfFinal(Trip trip) => trip.Status.IsFinal() ? AlreadyFinal(trip.Status) : null;
}
