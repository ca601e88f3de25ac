using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>
/// A clerk asked for a vehicle on behalf of their unit. Stored as <c>trip_requested</c>. The unit and pool are
/// recorded as they were at the time, so a later move of the clerk does not move the trip.
/// </summary>
public sealed record TripRequested(
    Guid TripId,
    TripDetails Details,
    string UnitCode,
    string Pool,
    Guid RequestedBy,
    Instant RequestedAt);

/// <summary>
/// The requester changed the request; <see cref="Details"/> is the whole request as it now stands. Any approval
/// given so far was for the old request, so the policy is applied again. Stored as <c>trip_request_amended</c>.
/// </summary>
public sealed record TripRequestAmended(Guid TripId, TripDetails Details, Guid AmendedBy, Instant AmendedAt);

/// <summary>
/// The policy sent the request to people: <see cref="Levels"/> approvals from different approvers are needed.
/// Stored as <c>trip_approval_required</c>.
/// </summary>
public sealed record TripApprovalRequired(Guid TripId, int Levels, int PolicyVersion, IReadOnlyList<string> Reasons, Instant At);

/// <summary>
/// The policy asks for approval step by step, and a step is signed by an office beyond the unit: <see cref="Steps"/>
/// in order, each by the approvers of that office. A chain of the unit's steps alone is recorded as
/// <see cref="TripApprovalRequired"/> with as many levels. Stored as <c>trip_approval_chain_required</c>.
/// </summary>
public sealed record TripApprovalChainRequired(Guid TripId, IReadOnlyList<ApprovalOffice> Steps, int PolicyVersion, IReadOnlyList<string> Reasons, Instant At);

/// <summary>The policy approved the request without an approver. Stored as <c>trip_auto_approved</c>.</summary>
public sealed record TripAutoApproved(Guid TripId, int PolicyVersion, IReadOnlyList<string> Reasons, Instant At);

/// <summary>
/// An approver gave approval <see cref="Level"/>: the step of the chain, from 1 (the unit head). Stored as
/// <c>trip_approved</c>.
/// </summary>
public sealed record TripApproved(Guid TripId, Guid ApproverId, int Level, int PolicyVersion, Instant At);

/// <summary>An approver turned the request down; the trip ends here. Stored as <c>trip_rejected</c>.</summary>
public sealed record TripRejected(Guid TripId, Guid ApproverId, string Reason, int PolicyVersion, Instant At);

/// <summary>
/// An emergency trip went ahead without an approver; the unit head must look at it afterwards so that
/// "emergency" does not become the way around approval. Stored as <c>emergency_trip_flagged_for_review</c>.
/// </summary>
public sealed record EmergencyTripFlaggedForReview(Guid TripId, int PolicyVersion, Instant At);

/// <summary>
/// The trip will not take place. <see cref="StatusWhenCancelled"/> tells a cancellation before approval from
/// one that freed a dispatched car and driver; <see cref="Reason"/> is null when none was given (allowed
/// before dispatch). Stored as <c>trip_cancelled</c>.
/// </summary>
public sealed record TripCancelled(Guid TripId, Guid CancelledBy, string? Reason, TripStatus StatusWhenCancelled, Instant At);

/// <summary>
/// The requester named who the driver should call about the trip, and on which number (none when only a name was
/// given). It replaces any contact given before; a trip that never had one is the requester's to answer for.
/// Stored as <c>trip_contact_given</c>.
/// </summary>
public sealed record TripContactGiven(Guid TripId, string Name, string? Phone, Guid GivenBy, Instant At);
