using NodaTime;

namespace Fleet.Domain.Positions.Reconciliation;

// These are the contracts of what is concluded from tracks, stored by the Positions module under the aliases named
// here: their shape is fixed.

/// <summary>
/// A trip's track was checked against what was declared for it: the distance the track measured while the trip ran
/// (null without a track) and the odometer distance declared (null until the trip is finished), and what the rules
/// found, each with its evidence. Checking again (a late batch of positions) appends a new event; the latest one
/// stands. Stored as <c>trip_track_reconciled</c>.
/// </summary>
public sealed record TripTrackReconciled(
    Guid TripId,
    Guid VehicleId,
    int PolicyVersion,
    decimal? TrackKilometres,
    decimal? DeclaredKilometres,
    IReadOnlyList<TrackFinding> Findings,
    Instant At);

/// <summary>
/// A car's local day was checked: how far it drove that day, how much of it no trip covered, and what the rules
/// found outside its trips (drives with no trip, at night, on a rest day, dwells, the overnight check, the
/// terminal silent with the ignition on). Stored as <c>vehicle_day_reconciled</c>.
/// </summary>
public sealed record VehicleDayReconciled(
    Guid VehicleId,
    LocalDate Day,
    int PolicyVersion,
    decimal TrackKilometres,
    decimal KilometresWithoutTrip,
    IReadOnlyList<TrackFinding> Findings,
    Instant At);

/// <summary>
/// What a reconciliation concluded, as a flagged record keeps it: the latest check of a trip's track or of a car's day,
/// with its findings, so that the evidence is shown from the record without reading the event again. A later check
/// (the thresholds changed, late positions) is a new event, and the record then holds that one.
/// </summary>
public sealed record ReconciledTrack(
    Guid VehicleId,
    Guid? TripId,
    LocalDate? Day,
    int PolicyVersion,
    decimal? TrackKilometres,
    decimal? DeclaredKilometres,
    IReadOnlyList<TrackFinding> Findings)
{
    public static ReconciledTrack From(TripTrackReconciled e) =>
        new(e.VehicleId, e.TripId, null, e.PolicyVersion, e.TrackKilometres, e.DeclaredKilometres, e.Findings);

    public static ReconciledTrack From(VehicleDayReconciled e) =>
        new(e.VehicleId, null, e.Day, e.PolicyVersion, e.TrackKilometres, null, e.Findings);
}
