using Fleet.Domain.Trips;
using NodaTime;

namespace Fleet.Domain.Notifications;

/// <summary>
/// Which notices one event of a trip gives, from the trip as it stood before the event and after it. Pure: the same
/// event always gives the same notices, so that a notice decided twice (a retry, a second node) is one notice.
/// </summary>
public static class TripNotices
{
    public static IReadOnlyList<Notice> For(Trip? before, Trip after, object e)
    {
        var urgent = after.Details.Urgency == TripUrgency.Emergency;
        Notice To(NotificationKind kind, Audience audience, Instant at, Guid? actor = null, Guid? driver = null, bool? isUrgent = null) =>
            new(kind, audience, at, isUrgent ?? urgent, driver, actor);

        IEnumerable<Notice> ToDrivers(NotificationKind kind, Instant at, Guid? actor, params Guid?[] drivers) =>
            drivers.OfType<Guid>().Distinct().Select(d => To(kind, Audience.Driver, at, actor, d));

        return (e switch
        {
            TripApprovalRequired x => [To(NotificationKind.ApprovalWaiting, Approvers(after), x.At, after.RequestedBy)],
            TripApprovalChainRequired x => [To(NotificationKind.ApprovalWaiting, Approvers(after), x.At, after.RequestedBy)],
            // A next step still to give: its office's approvers are asked, whoever gave an earlier one is not.
            TripApproved x when after.Status == TripStatus.Requested => [To(NotificationKind.ApprovalWaiting, Approvers(after), x.At, x.ApproverId)],
            TripApproved x => [To(NotificationKind.RequestApproved, Audience.Requester, x.At, x.ApproverId)],
            TripAutoApproved x => [To(NotificationKind.RequestAutoApproved, Audience.Requester, x.At)],
            TripRejected x => [To(NotificationKind.RequestRejected, Audience.Requester, x.At, x.ApproverId)],
            TripDispatched x => [To(NotificationKind.TripDispatched, Audience.Requester, x.At, x.DispatcherId),
                ..ToDrivers(NotificationKind.TripDispatched, x.At, x.DispatcherId, x.Assignment.DriverId)],
            // The driver taken off hears it as well as the one put on.
            TripReassigned x => [To(NotificationKind.TripReassigned, Audience.Requester, x.At, x.DispatcherId),
                ..ToDrivers(NotificationKind.TripReassigned, x.At, x.DispatcherId, before?.Assignment?.DriverId, x.Assignment.DriverId)],
            TripUndispatched x => [To(NotificationKind.TripUndispatched, Audience.Requester, x.At, x.DispatcherId),
                ..ToDrivers(NotificationKind.TripUndispatched, x.At, x.DispatcherId, before?.Assignment?.DriverId)],
            TripCancelled x => [To(NotificationKind.TripCancelled, Audience.Requester, x.At, x.CancelledBy),
                ..ToDrivers(NotificationKind.TripCancelled, x.At, x.CancelledBy, before?.Assignment?.DriverId)],
            TripDeclined x => [To(NotificationKind.TripDeclined, Audience.PoolDispatchers, x.At, x.DriverId)],
            TripStartOverdue x => [To(NotificationKind.StartOverdue, Audience.PoolDispatchers, x.At, isUrgent: true),
                To(NotificationKind.StartOverdue, Audience.Supervisors, x.At, isUrgent: true)],
            TripReturnOverdue x => [To(NotificationKind.ReturnOverdue, Audience.PoolDispatchers, x.At, isUrgent: true),
                To(NotificationKind.ReturnOverdue, Audience.Supervisors, x.At, isUrgent: true)],
            TripFinished x => [To(NotificationKind.TripFinished, Audience.Requester, x.At, x.FinishedBy)],
            TripDisputed x => [To(NotificationKind.TripDisputed, Audience.PoolDispatchers, x.At, x.DisputedBy),
                To(NotificationKind.TripDisputed, Audience.Supervisors, x.At, x.DisputedBy)],
            _ => Array.Empty<Notice>(),
        }).ToList();
    }

    /// <summary>Who signs the step the request waits at.</summary>
    private static Audience Approvers(Trip trip) => trip.NextOffice switch
    {
        ApprovalOffice.PoolOffice => Audience.PoolOfficeApprovers,
        ApprovalOffice.CityOffice => Audience.CityOfficeApprovers,
        _ => Audience.UnitApprovers,
    };

    /// <summary>
    /// Whether a request still waits where it did when its heads were asked, given the trip's events since: an
    /// amendment or an approval starts a new wait (with a check of its own), and a decision or a cancellation ends it.
    /// </summary>
    public static bool StillWaiting(Trip trip, IEnumerable<object> since) =>
        trip.Status == TripStatus.Requested && !since.Any(e => e is TripRequestAmended or TripApprovalRequired or TripApprovalChainRequired or TripApproved);

    /// <summary>
    /// The notice of a request that waited too long: to the unit's deputies at a step of the unit's, to the pool office's
    /// approvers (or the city office's) again at one of theirs, where the unit's deputies could not sign.
    /// </summary>
    public static Notice Overdue(Trip trip, Instant now) =>
        new(NotificationKind.ApprovalStillWaiting, trip.NextOffice is ApprovalOffice.PoolOffice or ApprovalOffice.CityOffice ? Approvers(trip) : Audience.UnitDeputies,
            now, trip.Details.Urgency == TripUrgency.Emergency, Actor: trip.RequestedBy);

    /// <summary>The moment of an event of a trip: what a notice of it says happened when.</summary>
    public static Instant? MomentOf(object e) => e switch
    {
        TripRequested x => x.RequestedAt,
        TripRequestAmended x => x.AmendedAt,
        TripApprovalRequired x => x.At,
        TripApprovalChainRequired x => x.At,
        TripAutoApproved x => x.At,
        TripApproved x => x.At,
        TripRejected x => x.At,
        TripCancelled x => x.At,
        TripDispatched x => x.At,
        TripReassigned x => x.At,
        TripUndispatched x => x.At,
        TripDeclined x => x.At,
        TripStartOverdue x => x.At,
        TripReturnOverdue x => x.At,
        TripFinished x => x.At,
        TripDisputed x => x.At,
        _ => null,
    };
}
