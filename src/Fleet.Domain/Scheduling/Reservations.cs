using NodaTime;

namespace Fleet.Domain.Scheduling;

/// <summary>Another trip's hold on a vehicle and driver, as the dispatch check needs to see it.</summary>
/// <param name="Underway">The trip has started: until it is finished the car and driver are out, whatever the plan said.</param>
public sealed record Reservation(Guid TripId, DispatchOrderNumber Order, Assignment Assignment, bool Underway);

public enum ReservedResource
{
    Vehicle,
    Driver,
}

/// <summary>One reservation in the way of a wanted one, with what the dispatcher needs to resolve it.</summary>
/// <param name="Until">When the holding trip frees the resource; for a trip under way past its plan, later than planned.</param>
public sealed record ReservationConflict(ReservedResource Resource, Guid TripId, DispatchOrderNumber Order, Instant From, Instant Until, bool Overdue);

public static class Reservations
{
    /// <summary>
    /// Every reservation that holds the vehicle or the driver during <paramref name="wanted"/>. Reservations are
    /// half-open, so a trip may begin the instant another's turnaround ends. A trip under way past its planned
    /// end has not brought the car back: it is taken to hold it until a turnaround after now, so nobody is sent
    /// to pick up a car that is still on the road.
    /// </summary>
    public static IReadOnlyList<ReservationConflict> Conflicts(Guid? vehicleId, Guid? driverId, Interval wanted,
        IEnumerable<Reservation> others, DispatchSettings settings, Instant now)
    {
        var conflicts = new List<ReservationConflict>();
        foreach (var other in others)
        {
            var held = Held(other, settings, now);
            if (!(held.Start < wanted.End && wanted.Start < held.End)) continue;

            var overdue = held.End > other.Assignment.ReservedUntil;
            if (vehicleId is { } vehicle && other.Assignment.VehicleId == vehicle)
                conflicts.Add(new ReservationConflict(ReservedResource.Vehicle, other.TripId, other.Order, held.Start, held.End, overdue));
            if (driverId is { } driver && other.Assignment.DriverId == driver)
                conflicts.Add(new ReservationConflict(ReservedResource.Driver, other.TripId, other.Order, held.Start, held.End, overdue));
        }

        return conflicts.OrderBy(c => c.Resource).ThenBy(c => c.From).ToList();
    }

    /// <summary>The time a reservation really holds its car and driver, seen from <paramref name="now"/>.</summary>
    public static Interval Held(Reservation reservation, DispatchSettings settings, Instant now)
    {
        var planned = reservation.Assignment.Reserved;
        if (!reservation.Underway) return planned;
        var stillOut = now + settings.Turnaround;
        return stillOut > planned.End ? new Interval(planned.Start, stillOut) : planned;
    }

    /// <summary>The reservation a trip over [start, end) makes: it runs on by the turnaround.</summary>
    public static Interval For(Instant start, Instant end, DispatchSettings settings) => new(start, end + settings.Turnaround);
}
