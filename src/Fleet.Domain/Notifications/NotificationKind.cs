namespace Fleet.Domain.Notifications;

/// <summary>What a notification tells its reader. The names are stored with every notification: never rename one.</summary>
public enum NotificationKind
{
    /// <summary>A request of the unit waits for the reader's approval.</summary>
    ApprovalWaiting,

    /// <summary>A request has waited longer than the pool allows; sent to the unit's deputy heads.</summary>
    ApprovalStillWaiting,

    RequestApproved,
    RequestAutoApproved,
    RequestRejected,
    TripDispatched,
    TripReassigned,
    TripUndispatched,
    TripCancelled,

    /// <summary>The driver turned the assignment down: the dispatch centre must find another.</summary>
    TripDeclined,

    StartOverdue,
    ReturnOverdue,

    /// <summary>The car is back: the requester is asked to confirm the record.</summary>
    TripFinished,

    TripDisputed,

    /// <summary>A car's inspection or insurance, or a driver's licence, runs out soon.</summary>
    PapersExpiring,

    /// <summary>The compliance flags raised in the pool the day before.</summary>
    ComplianceDigest,
}

/// <summary>Who a notice is for, before the people are looked up.</summary>
public enum Audience
{
    /// <summary>The clerk who asked for the trip.</summary>
    Requester,

    /// <summary>The heads of the requesting unit who have not approved the request yet.</summary>
    UnitApprovers,

    /// <summary>The requesting unit's deputy heads (its approvers other than the first-appointed head).</summary>
    UnitDeputies,

    /// <summary>The account of the driver named in <see cref="Notice.Driver"/>.</summary>
    Driver,

    PoolDispatchers,

    /// <summary>The supervisors of the trip's district and of the city.</summary>
    Supervisors,

    PoolFleetAdmins,

    /// <summary>The approvers of the office that runs the trip's pool, for a step of the chain that is theirs.</summary>
    PoolOfficeApprovers,

    /// <summary>The approvers of the city's office, for a step of the chain that is theirs, whichever pool runs the trip.</summary>
    CityOfficeApprovers,
}
