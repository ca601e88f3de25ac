using Fleet.Domain.Common;
using Fleet.Domain.Trips;
using NodaTime;

namespace Fleet.Domain.Positions.Reconciliation;

/// <summary>
/// What the reconciliation needs to know of a trip: its car, the approved window, the odometer readings and moments
/// the driver recorded, whether it was approved to leave the region, and whether the car had a terminal bound
/// while it ran (without one, silence proves nothing).
/// </summary>
public sealed record TripFacts(
    Guid TripId,
    Guid VehicleId,
    Instant WindowStart,
    Instant WindowEnd,
    Distance? OdometerOut,
    Distance? OdometerIn,
    bool OutOfRegion,
    Instant? StartedAt,
    Instant? FinishedAt,
    bool TerminalBound)
{
    /// <summary>The trip's facts from its folded state; null for a trip that never had a car.</summary>
    public static TripFacts? Of(Trip trip, bool terminalBound) => trip.Assignment is not { } assignment ? null : new(
        trip.Id, assignment.VehicleId, trip.Details.Start, trip.Details.End, trip.OdometerOut, trip.OdometerIn,
        trip.Details.OutOfRegion, trip.StartedAt, trip.ReturnedAt, terminalBound);

    /// <summary>From departure to return as recorded, or as approved where the driver recorded nothing.</summary>
    public Instant DrivenFrom => StartedAt ?? WindowStart;

    public Instant DrivenTo => FinishedAt ?? WindowEnd;

    /// <summary>The odometer distance declared, once both readings are in.</summary>
    public Distance? Declared => OdometerOut is { } o && OdometerIn is { } i ? i - o : null;

    /// <summary>
    /// When the car may be about for this trip, as the day check sees it: from the approved start (or the recorded
    /// departure, if earlier) to the recorded return (the approved end while there is none), widened by the slack.
    /// An early departure is the trip check's finding, so the day check does not call the same drive one with no
    /// trip; after the car was recorded back, it is on no trip, even if the approved window runs on.
    /// </summary>
    public Interval Covers(Duration slack)
    {
        var from = StartedAt is { } s && s < WindowStart ? s : WindowStart;
        var to = FinishedAt ?? WindowEnd;
        return new Interval(from - slack, to + slack);
    }
}
