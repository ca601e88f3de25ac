using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>
/// What the driver records when the car comes back (回场登记), exactly as typed: nothing is trusted yet.
/// Readings are in kilometres, money in yuan; a cost left out is nothing spent, and the return time left out
/// is now.
/// </summary>
public sealed record FinishTripForm(
    decimal? OdometerKm,
    decimal? FuelLitres,
    decimal? EnergyKilowattHours,
    decimal? FuelCost,
    decimal? Tolls,
    decimal? Parking,
    decimal? OtherCosts,
    Instant? ReturnedAt);

/// <summary>The odometer as the car leaves, in kilometres as typed.</summary>
public sealed record StartTripForm(decimal? OdometerKm);

/// <summary>Why the assigned driver cannot take the trip, as typed.</summary>
public sealed record DeclineTripForm(string? Reason);

/// <summary>
/// Who records a departure or a return: the signed-in user, the driver they are in the pool's registry (none for
/// a dispatcher or clerk), and whether they dispatch for the pool.
/// </summary>
public sealed record DrivingActor(Guid UserId, Guid? DriverId, bool IsDispatcher);

/// <summary>
/// The driver's decisions on a dispatched trip: take it or turn it down, leave and come back; and the checks
/// that durable scheduled messages run when a car has not left or not returned on time. Whether the actor is a
/// dispatcher of the trip's pool is the caller's check (it needs the user's roles); the trip answers the rest.
/// </summary>
public static class TripDriving
{
    /// <summary>A car leaving half a day early is a different trip: one nobody requested or approved.</summary>
    public static readonly Duration EarliestStart = Duration.FromHours(12);

    /// <summary>An extra digit in the return reading is far likelier than a pool car driving this far on one trip.</summary>
    public static readonly Distance MaxTripDistance = Distance.FromKilometres(5_000m);

    /// <summary>A coach's tank holds a few hundred litres; more on one trip is a typing error.</summary>
    public const decimal MaxFuelLitres = 1_000m;

    /// <summary>Several full charges of the largest electric bus; more on one trip is a typing error.</summary>
    public const decimal MaxEnergyKilowattHours = 1_000m;

    /// <summary>No trip costs this much in any one item; more is a misplaced decimal point, not an expense.</summary>
    public const decimal MaxAmount = 100_000m;

    /// <summary>The driver's phone may run a little ahead of the server's clock.</summary>
    public static readonly Duration ClockTolerance = Duration.FromMinutes(5);

    /// <summary>How long after the planned start a car that has not left is reported.</summary>
    public static readonly Duration StartGrace = Duration.FromMinutes(30);

    /// <summary>How long after the planned end a car that is not back is reported: traffic makes some lateness normal.</summary>
    public static readonly Duration ReturnGrace = Duration.FromHours(2);

    /// <summary>The assigned driver confirms they will drive the trip.</summary>
    public static Decision Accept(Trip trip, Guid driverId, Instant now)
    {
        if (trip.Assignment?.DriverId != driverId) return Decision.Refuse(NotAssignedDriver());
        if (trip.Status == TripStatus.Accepted)
            return Decision.Refuse(Problem.Conflict("trip.already_accepted", "You have already accepted this trip."));
        if (TripProblems.IfFinal(trip) is { } final) return Decision.Refuse(final);
        if (trip.Status != TripStatus.Dispatched) return Decision.Refuse(NotDispatched(trip.Status));

        return Decision.Accept(new TripAccepted(trip.Id, driverId, now));
    }

    /// <summary>
    /// The assigned driver cannot take the trip, before or after accepting it. The dispatch centre has to find
    /// someone else, and needs to know why: a reason is required. Once the car has left it is too late.
    /// </summary>
    public static Decision Decline(Trip trip, Guid driverId, DeclineTripForm form, Instant now)
    {
        if (trip.Assignment?.DriverId != driverId) return Decision.Refuse(NotAssignedDriver());
        if (TripProblems.IfFinal(trip) is { } final) return Decision.Refuse(final);
        if (trip.Status == TripStatus.InProgress) return Decision.Refuse(TripProblems.AlreadyStarted());
        if (trip.Status is not (TripStatus.Dispatched or TripStatus.Accepted) || trip.Order is null)
            return Decision.Refuse(NotDispatched(trip.Status));

        var problems = new List<Problem>();
        var text = TextRules.Check(form.Reason, "reason", TextRules.ReasonMaxLength, required: true, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        return Decision.Accept(new TripDeclined(trip.Id, driverId, trip.Order, text!, now));
    }

    /// <summary>
    /// The car leaves with the odometer as the form gives it. A reading above the vehicle's last
    /// one means kilometres driven without a trip on record: the trip starts anyway, since the car is needed
    /// now, and the gap is recorded for the pool to explain. A reading below it would turn the odometer back.
    /// </summary>
    /// <param name="actor">Only a dispatcher hands over the keys of a car the unit drives itself.</param>
    /// <param name="vehicleLastReading">The vehicle's odometer as last recorded.</param>
    public static Decision Start(Trip trip, DrivingActor actor, StartTripForm form, Distance vehicleLastReading, Instant now)
    {
        var problems = new List<Problem>();
        if (VehicleOdometer.Reading(form.OdometerKm, "odometerKm", required: true, problems) is not { } odometerOut)
            return Decision.Refuse(problems);

        if (!MayDrive(trip, actor)) return Decision.Refuse(NotAssignedDriver());
        if (TripProblems.IfFinal(trip) is { } final) return Decision.Refuse(final);
        switch (trip.Status)
        {
            case TripStatus.InProgress:
                return Decision.Refuse(Problem.Conflict("trip.already_in_progress", "This trip has already started."));
            case TripStatus.Dispatched:
                return Decision.Refuse(Problem.Conflict("trip.not_accepted", "The driver has to accept the trip before starting it."));
            case not TripStatus.Accepted:
                return Decision.Refuse(NotDispatched(trip.Status));
        }

        if (now < trip.Details.Start - EarliestStart)
            return Decision.Refuse(Problem.Conflict("trip.start_too_early",
                "This trip is planned to start at {0}: it cannot start more than {1} hours before that.",
                trip.Details.Start, (int)EarliestStart.TotalHours));

        if (odometerOut < vehicleLastReading)
            return Decision.Refuse(Problem.Conflict("trip.odometer_below_last",
                "The vehicle's last recorded reading is {0} km; a departure reading of {1} km would turn the odometer back. " +
                "If the recorded reading is wrong, have it corrected first.",
                vehicleLastReading.Kilometres, odometerOut.Kilometres));

        var vehicleId = trip.Assignment!.VehicleId;
        var started = new TripStarted(trip.Id, vehicleId, actor.UserId, odometerOut, now);
        return odometerOut > vehicleLastReading
            ? Decision.Accept(started, new TripOdometerGapRecorded(trip.Id, vehicleId, vehicleLastReading, odometerOut, now))
            : Decision.Accept(started);
    }

    /// <summary>
    /// The car is back: the driver (or, for a car the unit drove itself, the dispatcher taking the keys back)
    /// records the return reading, what was refuelled or recharged and what the trip cost. Every bad field is
    /// reported at once; a return reading below the departure one is a conflict with the record only once the
    /// form itself is in order.
    /// </summary>
    public static Decision Finish(Trip trip, DrivingActor actor, FinishTripForm form, Instant now)
    {
        if (!MayDrive(trip, actor)) return Decision.Refuse(NotAssignedDriver());
        if (trip.Status != TripStatus.InProgress)
            return Decision.Refuse(Problem.Conflict("trip.not_in_progress",
                "This trip is {0}: only a trip under way can be finished.", trip.Status));

        var problems = new List<Problem>();
        var odometerIn = OdometerIn(form.OdometerKm, trip.OdometerOut, problems);
        if (form.FuelLitres is { } fuel and (< 0m or > MaxFuelLitres))
            problems.Add(Problem.Invalid("trip.fuel_out_of_range", "fuelLitres",
                "Fuel taken on a trip is between 0 and {0} litres; {1} litres were given.", MaxFuelLitres, fuel));
        if (form.EnergyKilowattHours is { } energy and (< 0m or > MaxEnergyKilowattHours))
            problems.Add(Problem.Invalid("trip.energy_out_of_range", "energyKilowattHours",
                "Energy charged on a trip is between 0 and {0} kWh; {1} kWh were given.", MaxEnergyKilowattHours, energy));
        var fuelCost = Amount(form.FuelCost, "fuelCost", problems);
        var tolls = Amount(form.Tolls, "tolls", problems);
        var parking = Amount(form.Parking, "parking", problems);
        var otherCosts = Amount(form.OtherCosts, "otherCosts", problems);
        var returnedAt = ReturnedAt(form.ReturnedAt ?? now, trip.StartedAt, now, problems);
        if (problems.Count > 0) return Decision.Refuse(problems);

        if (trip.OdometerOut is { } odometerOut && odometerIn < odometerOut)
            return Decision.Refuse(Problem.Conflict("trip.odometer_below_start",
                "The odometer read {0} km when the trip started; a return reading of {1} km would turn it back.",
                odometerOut.Kilometres, odometerIn!.Value.Kilometres));

        return Decision.Accept(new TripFinished(trip.Id, trip.Assignment!.VehicleId, actor.UserId, odometerIn!.Value,
            form.FuelLitres, form.EnergyKilowattHours, fuelCost, tolls, parking, otherCosts, returnedAt, now));
    }

    /// <summary>
    /// Run by the message scheduled for <paramref name="grace"/> after the planned start. By the time it is
    /// delivered the car may have left, the trip been cancelled or moved, or the lateness already reported:
    /// the message is then stale and nothing happens.
    /// </summary>
    public static Decision StartOverdue(Trip trip, Instant now, Duration grace) =>
        trip.Status is TripStatus.Dispatched or TripStatus.Accepted && !trip.StartOverdue && now >= trip.Details.Start + grace
            ? Decision.Accept(new TripStartOverdue(trip.Id, trip.Details.Start, now))
            : Decision.Accept();

    /// <summary>
    /// Run by the message scheduled for <paramref name="grace"/> after the planned end; stale, and so without
    /// effect, once the car is back or the lateness already reported.
    /// </summary>
    public static Decision ReturnOverdue(Trip trip, Instant now, Duration grace) =>
        trip.Status == TripStatus.InProgress && !trip.ReturnOverdue && now >= trip.Details.End + grace
            ? Decision.Accept(new TripReturnOverdue(trip.Id, trip.Details.End, now))
            : Decision.Accept();

    /// <summary>
    /// The assigned driver drives; a car the unit drives itself has no driver, and it is the dispatcher who hands
    /// over and takes back its keys.
    /// </summary>
    private static bool MayDrive(Trip trip, DrivingActor actor) => trip.Assignment switch
    {
        { DriverId: { } driverId } => driverId == actor.DriverId,
        { } => actor.IsDispatcher,
        null => false,
    };

    private static Distance? OdometerIn(decimal? kilometres, Distance? odometerOut, List<Problem> problems)
    {
        if (VehicleOdometer.Reading(kilometres, "odometerKm", required: true, problems) is not { } reading) return null;
        if (odometerOut is { } start && reading - start > MaxTripDistance)
        {
            problems.Add(Problem.Invalid("trip.distance_implausible", "odometerKm",
                "The readings make this trip {0} km long; no single trip is longer than {1} km. Check the return reading.",
                (reading - start).Kilometres, MaxTripDistance.Kilometres));
            return null;
        }

        return reading;
    }

    /// <summary>An amount in yuan: whole fen, since that is what a receipt shows.</summary>
    private static decimal Amount(decimal? value, string field, List<Problem> problems)
    {
        if (value is not { } amount) return 0m;

        if (amount < 0 || amount > MaxAmount)
        {
            problems.Add(Problem.Invalid("trip.amount_out_of_range", field,
                "{0} is between 0 and {1} yuan; {2} yuan was given.", field, MaxAmount, amount));
            return 0m;
        }

        var fen = decimal.Round(amount, 2);
        if (fen != amount)
        {
            problems.Add(Problem.Invalid("trip.amount_precision", field,
                "{0} is in yuan with at most two decimal places; {1} was given.", field, amount));
            return 0m;
        }

        return fen;
    }

    private static Instant ReturnedAt(Instant returnedAt, Instant? startedAt, Instant now, List<Problem> problems)
    {
        if (returnedAt > now + ClockTolerance)
            problems.Add(Problem.Invalid("trip.return_in_future", "returnedAt",
                "The car cannot be back at {0}: that is later than now ({1}).", returnedAt, now));
        else if (startedAt is { } started && returnedAt <= started)
            problems.Add(Problem.Invalid("trip.return_before_start", "returnedAt",
                "The car cannot be back at {0}: the trip started at {1}.", returnedAt, started));

        return returnedAt;
    }

    private static Problem NotAssignedDriver() => Problem.Forbidden("trip.not_assigned_driver", "This trip is not assigned to you.");

    private static Problem NotDispatched(TripStatus status) => Problem.Conflict("trip.not_dispatched",
        "This trip is {0}: only a trip dispatched to you can be accepted, declined or started.", status);
}
