using System.Collections.Immutable;
using Fleet.Domain.Common;
using Fleet.Domain.Scheduling;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>Where a trip stands in its life (see the architecture's trip diagram).</summary>
public enum TripStatus
{
    /// <summary>Waiting for the approvals the policy asked for.</summary>
    Requested,

    /// <summary>Approved by the policy or the approvers; waiting for the dispatch centre.</summary>
    Approved,

    /// <summary>A car and driver are assigned; the driver has not yet confirmed.</summary>
    Dispatched,

    /// <summary>The driver confirmed the assignment.</summary>
    Accepted,

    /// <summary>The car has left.</summary>
    InProgress,

    /// <summary>The car is back; the requester has not yet confirmed or disputed the record.</summary>
    Completed,

    /// <summary>The record is final.</summary>
    Closed,
    Rejected,
    Cancelled,
}

/// <summary>
/// One trip as its decisions see it, folded from its stream: the request, the approvals it still needs and
/// the policy version that asked for them, the car and driver it holds, and what the driver and the requester
/// have recorded so far. Display data (costs, comments, names of approvers) belongs in projections, not here.
/// </summary>
public sealed record Trip(
    Guid Id,
    TripDetails Details,
    string UnitCode,
    string Pool,
    Guid RequestedBy,
    TripStatus Status,
    int LevelsRequired,
    ImmutableList<Guid> Approvals,
    int PolicyVersion,
    bool FlaggedForReview,
    DispatchOrderNumber? Order = null,
    Assignment? Assignment = null,
    Distance? OdometerOut = null,
    Distance? OdometerIn = null,
    Instant? StartedAt = null,
    Instant? ReturnedAt = null,
    bool OdometerGap = false,
    bool StartOverdue = false,
    bool ReturnOverdue = false,
    bool Disputed = false,
    int? Stars = null,
    EmergencyReviewOutcome? ReviewOutcome = null,
    TripContact? Contact = null,
    IReadOnlyList<ApprovalOffice>? ApprovalSteps = null,
    Instant? ClosedAt = null)
{
    /// <summary>
    /// A request on its own awaits nothing yet: the policy's answer is appended with it, and only that answer
    /// says how many approvals are needed.
    /// </summary>
    public static Trip From(TripRequested e) => new(
        Id: e.TripId,
        Details: e.Details,
        UnitCode: e.UnitCode,
        Pool: e.Pool,
        RequestedBy: e.RequestedBy,
        Status: TripStatus.Requested,
        LevelsRequired: 0,
        Approvals: [],
        PolicyVersion: 0,
        FlaggedForReview: false);

    /// <summary>Approvals given for the old request do not carry over: the policy's next answer starts them again.</summary>
    public Trip When(TripRequestAmended e) => this with
    {
        Details = e.Details,
        Status = TripStatus.Requested,
        LevelsRequired = 0,
        Approvals = [],
        ApprovalSteps = null,
    };

    /// <summary>A contact is not part of what was approved: giving one changes neither the status nor the approvals.</summary>
    public Trip When(TripContactGiven e) => this with { Contact = new TripContact(e.Name, e.Phone) };

    public Trip When(TripApprovalRequired e) => this with
    {
        Status = TripStatus.Requested,
        LevelsRequired = e.Levels,
        Approvals = [],
        PolicyVersion = e.PolicyVersion,
        ApprovalSteps = null,
    };

    public Trip When(TripApprovalChainRequired e) => this with
    {
        Status = TripStatus.Requested,
        LevelsRequired = e.Steps.Count,
        Approvals = [],
        PolicyVersion = e.PolicyVersion,
        ApprovalSteps = e.Steps,
    };

    public Trip When(TripAutoApproved e) => this with
    {
        Status = TripStatus.Approved,
        LevelsRequired = 0,
        Approvals = [],
        PolicyVersion = e.PolicyVersion,
        ApprovalSteps = null,
    };

    /// <summary>The trip is approved when the last of the required levels arrives.</summary>
    public Trip When(TripApproved e)
    {
        var approvals = Approvals.Add(e.ApproverId);
        return this with
        {
            Approvals = approvals,
            Status = approvals.Count >= LevelsRequired ? TripStatus.Approved : Status,
        };
    }

    public Trip When(TripRejected e) => this with { Status = TripStatus.Rejected };

    /// <summary>
    /// Stays set once raised, even if the request is later amended: the review concerns an approval that was
    /// given without an approver, and that happened regardless of what the request became.
    /// </summary>
    public Trip When(EmergencyTripFlaggedForReview e) => this with { FlaggedForReview = true };

    /// <summary>A cancelled trip frees its car and driver; the order it had, if any, stays on record as void.</summary>
    public Trip When(TripCancelled e) => this with { Status = TripStatus.Cancelled, Assignment = null };

    /// <summary>A trip the unit drives itself has nobody to accept it: it is ready to leave once dispatched.</summary>
    public Trip When(TripDispatched e) => this with
    {
        Status = e.Assignment.DriverId is null ? TripStatus.Accepted : TripStatus.Dispatched,
        Order = e.Order,
        Assignment = e.Assignment,
    };

    /// <summary>A new driver has not accepted anything yet; a new car alone does not change what the driver agreed to.</summary>
    public Trip When(TripReassigned e) => this with
    {
        Status = e.Assignment.DriverId is null || e.Assignment.DriverId == Assignment?.DriverId ? Status : TripStatus.Dispatched,
        Assignment = e.Assignment,
    };

    public Trip When(TripUndispatched e) => this with { Status = TripStatus.Approved, Order = null, Assignment = null };

    public Trip When(TripAccepted e) => this with { Status = TripStatus.Accepted };

    public Trip When(TripDeclined e) => this with { Status = TripStatus.Approved, Order = null, Assignment = null };

    public Trip When(TripStarted e) => this with { Status = TripStatus.InProgress, OdometerOut = e.OdometerOut, StartedAt = e.At };

    public Trip When(TripOdometerGapRecorded e) => this with { OdometerGap = true };

    public Trip When(TripFinished e) => this with { Status = TripStatus.Completed, OdometerIn = e.OdometerIn, ReturnedAt = e.ReturnedAt };

    public Trip When(TripStartOverdue e) => this with { StartOverdue = true };

    public Trip When(TripReturnOverdue e) => this with { ReturnOverdue = true };

    public Trip When(TripCompletionConfirmed e) => this;

    public Trip When(TripDisputed e) => this with { Disputed = true };

    public Trip When(TripRated e) => this with { Stars = e.Stars };

    public Trip When(TripClosed e) => this with { Status = TripStatus.Closed, ClosedAt = e.At };

    public Trip When(EmergencyTripReviewed e) => this with { ReviewOutcome = e.Outcome };

    /// <summary>Requested and still short of approvals; a request the policy has not answered yet is not.</summary>
    public bool AwaitingApproval => Status == TripStatus.Requested && Approvals.Count < LevelsRequired;

    /// <summary>The step the next approval gives: 1 for the first (the unit head's in the default chain).</summary>
    public int NextLevel => Approvals.Count + 1;

    /// <summary>Whose approvers sign each step; a trip asked for levels alone waits for the unit's at every one.</summary>
    public IReadOnlyList<ApprovalOffice> Chain => ApprovalSteps ?? ApprovalChain.OfUnit(LevelsRequired);

    /// <summary>Whose approval the trip waits for now, if it waits for any.</summary>
    public ApprovalOffice? NextOffice => AwaitingApproval ? Chain[Approvals.Count] : null;

    /// <summary>Holds a car and driver now: dispatched, accepted or under way.</summary>
    public bool HoldsReservation => Assignment is not null && Status.IsDispatched();
}

public static class TripStatusExtensions
{
    /// <summary>
    /// A trip in one of these states is over as far as requesting and approving are concerned: a completed
    /// trip can still be closed by its rating, but no longer changed or cancelled.
    /// </summary>
    public static bool IsFinal(this TripStatus status) =>
        status is TripStatus.Completed or TripStatus.Closed or TripStatus.Rejected or TripStatus.Cancelled;

    /// <summary>A car and a driver have been assigned: changing the trip now affects a reservation.</summary>
    public static bool IsDispatched(this TripStatus status) =>
        status is TripStatus.Dispatched or TripStatus.Accepted or TripStatus.InProgress;
}
