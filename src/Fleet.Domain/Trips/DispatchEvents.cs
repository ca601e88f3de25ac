using Fleet.Domain.Scheduling;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>
/// The dispatch centre gave the trip a car and (unless the unit drives itself) a driver, under dispatch order
/// <see cref="Order"/>. <see cref="ClassChangeReason"/> says why another class than the one asked for was sent;
/// it is null when the class fits. Stored as <c>trip_dispatched</c>.
/// </summary>
public sealed record TripDispatched(
    Guid TripId,
    DispatchOrderNumber Order,
    Assignment Assignment,
    string? ClassChangeReason,
    Guid DispatcherId,
    Instant At);

/// <summary>
/// The dispatch centre changed the car, the driver or both; <see cref="Assignment"/> is the whole new
/// assignment and the dispatch order keeps its number. Stored as <c>trip_reassigned</c>.
/// </summary>
public sealed record TripReassigned(
    Guid TripId,
    Assignment Assignment,
    string? ClassChangeReason,
    string Reason,
    Guid DispatcherId,
    Instant At);

/// <summary>
/// The dispatch centre took the car and driver back: the order is void, its reservation free, and the trip is
/// back among those awaiting dispatch. Stored as <c>trip_undispatched</c>.
/// </summary>
public sealed record TripUndispatched(Guid TripId, DispatchOrderNumber VoidedOrder, string Reason, Guid DispatcherId, Instant At);
