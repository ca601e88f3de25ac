using NodaTime;

namespace Fleet.Domain.Positions.Tracks;

/// <summary>
/// Somebody was shown where a car went: the driver's personal data, so every look is kept, on a stream of the car's
/// pool for the month of the look (<see cref="TrackLooks.StreamOf"/>), and is itself covered by the audit chain like
/// every event. <paramref name="TripId"/> is the trip whose track was shown, null for a car's period asked for by dates.
/// <paramref name="From"/> and <paramref name="To"/> bound the period shown (the end not included). Stored as
/// <c>track_viewed</c>.
/// </summary>
public sealed record TrackViewed(
    Guid LookId,
    Guid ViewerId,
    string ViewerLogin,
    string ViewerRoles,
    Guid VehicleId,
    string Plate,
    Guid? TripId,
    Instant From,
    Instant To,
    int Positions,
    Instant ViewedAt);

/// <summary>A pool's month of looks at tracks, as its stream folds: how many were recorded, and the latest.</summary>
public sealed record TrackLookMonth(int Looks, Instant LastViewedAt)
{
    public static TrackLookMonth From(TrackViewed e) => new(1, e.ViewedAt);

    public TrackLookMonth When(TrackViewed e) => new(Looks + 1, e.ViewedAt);
}
