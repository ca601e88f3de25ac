using Fleet.Domain.Common;
using Fleet.Domain.Scheduling;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>The driver confirmed they will drive the trip. Stored as <c>trip_accepted</c>.</summary>
public sealed record TripAccepted(Guid TripId, Guid DriverId, Instant At);

/// <summary>
/// The driver cannot take the trip: the order is void, the reservation free, and the trip goes back to the
/// dispatch centre. Stored as <c>trip_declined</c>.
/// </summary>
public sealed record TripDeclined(Guid TripId, Guid DriverId, DispatchOrderNumber VoidedOrder, string Reason, Instant At);

/// <summary>
/// The car left with the odometer at <see cref="OdometerOut"/>. Stored as <c>trip_started</c>.
/// </summary>
public sealed record TripStarted(Guid TripId, Guid VehicleId, Guid StartedBy, Distance OdometerOut, Instant At);

/// <summary>
/// The odometer at departure is higher than the vehicle's last recorded reading: the car was driven without a
/// trip on record, which the pool has to explain. Stored as <c>trip_odometer_gap_recorded</c>.
/// </summary>
public sealed record TripOdometerGapRecorded(Guid TripId, Guid VehicleId, Distance LastRecorded, Distance OdometerOut, Instant At);

/// <summary>
/// The car is back at base (回场) at <see cref="ReturnedAt"/> with the odometer at <see cref="OdometerIn"/>; what was
/// refuelled or recharged on the way and what the trip cost. Money is in yuan. Stored as <c>trip_finished</c>.
/// </summary>
public sealed record TripFinished(
    Guid TripId,
    Guid VehicleId,
    Guid FinishedBy,
    Distance OdometerIn,
    decimal? FuelLitres,
    decimal? EnergyKilowattHours,
    decimal FuelCost,
    decimal Tolls,
    decimal Parking,
    decimal OtherCosts,
    Instant ReturnedAt,
    Instant At);

/// <summary>The trip had not started half an hour after its planned start. Stored as <c>trip_start_overdue</c>.</summary>
public sealed record TripStartOverdue(Guid TripId, Instant PlannedStart, Instant At);

/// <summary>The car was not back some hours after the trip's planned end. Stored as <c>trip_return_overdue</c>.</summary>
public sealed record TripReturnOverdue(Guid TripId, Instant PlannedEnd, Instant At);
