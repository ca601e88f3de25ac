using Fleet.Domain.Common;
using Fleet.Domain.Drivers;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>A dispatcher's choice of car and driver for a trip, as the form carries it.</summary>
/// <param name="ClassChangeReason">Why another class than the one asked for is sent; needed only then.</param>
/// <param name="Reason">Why a dispatched trip gets another car or driver; needed for a reassignment.</param>
public sealed record AssignTripForm(Guid? VehicleId, Guid? DriverId, string? ClassChangeReason, string? Reason);

/// <summary>Why the dispatcher takes the car and driver back, as typed.</summary>
public sealed record UndispatchTripForm(string? Reason);

/// <summary>
/// The dispatch centre's decisions: give an approved trip a car and driver, change them, or take them back.
/// Every rule that protects a reservation is here; the caller only has to hand in the other reservations that
/// might be in the way, read while no other dispatch in the pool can change them.
/// </summary>
public static class TripDispatching
{
    public const int ReasonMaxLength = 500;

    public static Decision Dispatch(Trip trip, Vehicle vehicle, Driver? driver, AssignTripForm form, IEnumerable<Reservation> others,
        DispatchOrderNumber number, Guid dispatcherId, DispatchSettings settings, DateTimeZone zone, Instant now)
    {
        if (TripProblems.IfFinal(trip) is { } final) return Decision.Refuse(final);
        if (trip.Status.IsDispatched())
            return Decision.Refuse(Problem.Conflict("dispatch.already_dispatched",
                "This trip is {0} under dispatch order {1}: change its car or driver by reassigning it.", trip.Status, trip.Order?.Text ?? ""));
        if (trip.Status != TripStatus.Approved)
            return Decision.Refuse(Problem.Conflict("trip.not_approved", "This trip is {0}: only an approved trip can be dispatched.", trip.Status));
        if (trip.Details.End <= now)
            return Decision.Refuse(Problem.Conflict("dispatch.trip_over",
                "This trip was to end at {0}, which has passed: it can no longer be dispatched.", trip.Details.End));

        var problems = new List<Problem>();
        var classChange = Assign(trip, vehicle, driver, form.ClassChangeReason, others, settings, zone, now, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new TripDispatched(trip.Id, number, AssignmentFor(trip, vehicle, driver, settings), classChange, dispatcherId, now));
    }

    /// <summary>
    /// Gives a dispatched trip another car, another driver or both. The order keeps its number; a new driver
    /// has to accept again. Once the car has left, the trip is finished with the car it has.
    /// </summary>
    public static Decision Reassign(Trip trip, Vehicle vehicle, Driver? driver, AssignTripForm form, IEnumerable<Reservation> others,
        Guid dispatcherId, DispatchSettings settings, DateTimeZone zone, Instant now)
    {
        if (NotReassignable(trip) is { } refused) return Decision.Refuse(refused);

        var problems = new List<Problem>();
        var reason = TextRules.Check(form.Reason, "reason", ReasonMaxLength, required: true, problems);
        var current = trip.Assignment!;
        if (current.VehicleId == vehicle.Id && current.DriverId == driver?.Id)
            problems.Add(Problem.Invalid("dispatch.reassign_unchanged", "vehicleId",
                "The trip already has this car and driver: choose another car or another driver."));
        if (problems.Count > 0) return Decision.Refuse(problems);

        var classChange = Assign(trip, vehicle, driver, form.ClassChangeReason, others.Where(r => r.TripId != trip.Id), settings, zone, now, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new TripReassigned(trip.Id, AssignmentFor(trip, vehicle, driver, settings), classChange, reason!, dispatcherId, now));
    }

    /// <summary>Takes the car and driver back: the order is void and the trip waits for dispatch again.</summary>
    public static Decision Undispatch(Trip trip, UndispatchTripForm form, Guid dispatcherId, Instant now)
    {
        if (NotReassignable(trip) is { } refused) return Decision.Refuse(refused);

        var problems = new List<Problem>();
        var text = TextRules.Check(form.Reason, "reason", ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new TripUndispatched(trip.Id, trip.Order!, text!, dispatcherId, now));
    }

    private static Problem? NotReassignable(Trip trip)
    {
        if (TripProblems.IfFinal(trip) is { } final) return final;
        if (trip.Status == TripStatus.InProgress) return TripProblems.AlreadyStarted();
        return trip.Status.IsDispatched() && trip.Assignment is not null && trip.Order is not null
            ? null
            : Problem.Conflict("dispatch.not_dispatched", "This trip is {0}: it has no car or driver to change.", trip.Status);
    }

    /// <summary>
    /// Every reason the car and driver cannot take the trip, added to <paramref name="problems"/>; the reason
    /// for a change of class when one applies. Conflicts with other reservations come last: they are the ones
    /// a dispatcher resolves by picking another car, the others mean this one is out of the question anyway.
    /// </summary>
    private static string? Assign(Trip trip, Vehicle vehicle, Driver? driver, string? classChangeReason, IEnumerable<Reservation> others,
        DispatchSettings settings, DateTimeZone zone, Instant now, List<Problem> problems)
    {
        var details = trip.Details;
        if (details.WithDriver && driver is null) problems.Add(Problem.Required("driverId"));

        string? classChange = null;
        if (details.WantedClass is { } wanted && vehicle.Class != wanted)
        {
            classChange = TextRules.Check(classChangeReason, "classChangeReason", ReasonMaxLength, required: false, problems);
            if (classChange is null)
                problems.Add(Problem.Invalid("dispatch.class_change_reason_required", "classChangeReason",
                    "A {0} was asked for and {1} is a {2}: say why another class is sent.", wanted, vehicle.Plate, vehicle.Class));
        }

        if (problems.Count > 0) return null;

        var capacity = vehicle.Seats - (details.WithDriver ? 1 : 0);
        if (details.Passengers > capacity)
            problems.Add(Problem.Conflict("dispatch.too_few_seats",
                "{0} takes {1} passengers on this trip; {2} are travelling.", vehicle.Plate, capacity, details.Passengers));

        var window = new Interval(details.Start, details.End);
        problems.AddRange(VehicleAvailability.Check(vehicle, window, zone).Select(r => Problem.Conflict("dispatch.vehicle_unavailable",
            "{0} cannot take this trip: {1}.", vehicle.Plate, r.Reason)));

        if (driver is not null)
        {
            problems.AddRange(DriverAvailability.Check(driver, window, zone).Select(r => Problem.Conflict("dispatch.driver_unavailable",
                "{0} cannot take this trip: {1}.", driver.Name, r.Reason)));
            if (!DriverAvailability.CanDrive(driver, vehicle.Class, vehicle.Seats))
                problems.Add(Problem.Conflict("dispatch.licence_insufficient",
                    "{0} may not drive {1}: it needs a {2} licence.", driver.Name, vehicle.Plate, LicenceCoverage.Describe(vehicle.Class, vehicle.Seats)));
        }

        var reserved = Reservations.For(details.Start, details.End, settings);
        problems.AddRange(Reservations.Conflicts(vehicle.Id, driver?.Id, reserved, others.Where(r => r.TripId != trip.Id), settings, now)
            .Select(c => DoubleBooked(c, vehicle, driver)));

        return classChange;
    }

    private static Problem DoubleBooked(ReservationConflict c, Vehicle vehicle, Driver? driver) => c.Resource == ReservedResource.Vehicle
        ? Problem.Conflict("vehicle.double_booked",
            "{0} is already reserved from {1} to {2} for dispatch order {3} (trip {4}).", vehicle.Plate, c.From, c.Until, c.Order.Text, c.TripId)
        : Problem.Conflict("driver.double_booked",
            "{0} is already reserved from {1} to {2} for dispatch order {3} (trip {4}).", driver!.Name, c.From, c.Until, c.Order.Text, c.TripId);

    private static Assignment AssignmentFor(Trip trip, Vehicle vehicle, Driver? driver, DispatchSettings settings)
    {
        var reserved = Reservations.For(trip.Details.Start, trip.Details.End, settings);
        return new Assignment(vehicle.Id, vehicle.Plate, vehicle.Class, vehicle.Seats, driver?.Id, driver?.Name, reserved.Start, reserved.End);
    }
}
