using System.Collections.Immutable;

namespace Fleet.Domain.Trips;

/// <summary>Where a trip stands in its life (see the architecture's trip diagram).</summary>
public enum TripStatus
{
    /// <summary>Waiting for the approvals the policy asked for.</summary>
    Requested,

    /// <summary>Approved by the policy or the approvers; waiting for the dispatch centre.</summary>
    Approved,

    Dispatched,
    Accepted,
    InProgress,
    Completed,
    Closed,
    Rejected,
    Cancelled,
}

/// <summary>
/// One trip as its decisions see it, folded from its stream: the request, the approvals it still needs and
/// the policy version that asked for them. Display data belongs in projections, not here.
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
    bool FlaggedForReview)
{
    /// <summary>
    /// A request on its own awaits nothing yet: the policy's answer is appended with it, and only that answer
    /// says how many approvals are needed.
    /// </summary>
    public static Trip Create(TripRequested e) => new(
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
    public Trip Apply(TripRequestAmended e) => this with
    {
        Details = e.Details,
        Status = TripStatus.Requested,
        LevelsRequired = 0,
        Approvals = [],
    };

    public Trip Apply(TripApprovalRequired e) => this with
    {
        Status = TripStatus.Requested,
        LevelsRequired = e.Levels,
        Approvals = [],
        PolicyVersion = e.PolicyVersion,
    };

    public Trip Apply(TripAutoApproved e) => this with
    {
        Status = TripStatus.Approved,
        LevelsRequired = 0,
        Approvals = [],
        PolicyVersion = e.PolicyVersion,
    };

    /// <summary>The trip is approved when the last of the required levels arrives.</summary>
    public Trip Apply(TripApproved e)
    {
        var approvals = Approvals.Add(e.ApproverId);
        return this with
        {
            Approvals = approvals,
            Status = approvals.Count >= LevelsRequired ? TripStatus.Approved : Status,
        };
    }

    public Trip Apply(TripRejected e) => this with { Status = TripStatus.Rejected };

    /// <summary>
    /// Stays set once raised, even if the request is later amended: the review concerns an approval that was
    /// given without an approver, and that happened regardless of what the request became.
    /// </summary>
    public Trip Apply(EmergencyTripFlaggedForReview e) => this with { FlaggedForReview = true };

    public Trip Apply(TripCancelled e) => this with { Status = TripStatus.Cancelled };

    /// <summary>The state after one more event: lets a command answer with the result before it is stored.</summary>
    public Trip Evolve(object e) => e switch
    {
        TripRequestAmended x => Apply(x),
        TripApprovalRequired x => Apply(x),
        TripAutoApproved x => Apply(x),
        TripApproved x => Apply(x),
        TripRejected x => Apply(x),
        EmergencyTripFlaggedForReview x => Apply(x),
        TripCancelled x => Apply(x),
        _ => this,
    };

    /// <summary>Requested and still short of approvals; a request the policy has not answered yet is not.</summary>
    public bool AwaitingApproval => Status == TripStatus.Requested && Approvals.Count < LevelsRequired;

    /// <summary>The level the next approval gives: 1 for the unit head, 2 for the second level.</summary>
    public int NextLevel => Approvals.Count + 1;
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
