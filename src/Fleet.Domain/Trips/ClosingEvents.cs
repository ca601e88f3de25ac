using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>The requester confirmed that the trip took place as recorded. Stored as <c>trip_completion_confirmed</c>.</summary>
public sealed record TripCompletionConfirmed(Guid TripId, Guid ConfirmedBy, Instant At);

/// <summary>What of a finished trip's record a requester can dispute.</summary>
public enum DisputedItem
{
    /// <summary>Departure or return time.</summary>
    Times,

    /// <summary>The odometer readings, and so the distance.</summary>
    Odometer,

    /// <summary>Fuel, tolls, parking or other costs.</summary>
    Costs,
}

/// <summary>
/// The requester says the recorded trip is not what happened (a discrepancy); the record stays as the driver
/// made it, and the dispute stands beside it for the supervisor. Stored as <c>trip_disputed</c>.
/// </summary>
public sealed record TripDisputed(Guid TripId, Guid DisputedBy, IReadOnlyList<DisputedItem> Items, string Details, Instant At);

/// <summary>The requester rated the trip from 1 (poor) to 5 (excellent). Stored as <c>trip_rated</c>.</summary>
public sealed record TripRated(Guid TripId, Guid RatedBy, int Stars, string? Comment, Instant At);

/// <summary>How a trip came to be closed.</summary>
public enum TripClosure
{
    /// <summary>The requester confirmed it.</summary>
    Confirmed,

    /// <summary>Nobody confirmed or disputed it within the pool's time limit.</summary>
    Automatically,
}

/// <summary>The trip's record is final. Stored as <c>trip_closed</c>.</summary>
public sealed record TripClosed(Guid TripId, TripClosure How, Instant At);

/// <summary>What the unit head found when reviewing an emergency trip approved without them.</summary>
public enum EmergencyReviewOutcome
{
    /// <summary>It was an emergency.</summary>
    Justified,

    /// <summary>It should have waited for approval; the finding goes on the unit's compliance record.</summary>
    NotJustified,
}

/// <summary>The unit head reviewed an emergency trip after the fact. Stored as <c>emergency_trip_reviewed</c>.</summary>
public sealed record EmergencyTripReviewed(Guid TripId, Guid ReviewerId, EmergencyReviewOutcome Outcome, string? Note, Instant At);
