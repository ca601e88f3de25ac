using Fleet.Domain.Common;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Settlement;

/// <summary>
/// A closed trip as settlement reads it: the car's class, whether a pool driver went, when the car was asked for, left and
/// came back, what the odometer says it drove, and what the driver declared for fuel, tolls and parking (yuan).
/// </summary>
public sealed record ClosedTrip(
    Guid TripId,
    string? OrderNumber,
    string Plate,
    VehicleClass Class,
    bool WithDriver,
    Instant PlannedStart,
    Instant DepartedAt,
    Instant ReturnedAt,
    Distance Distance,
    decimal Fuel,
    decimal Tolls,
    decimal Parking)
{
    /// <summary>A trip as its stream left it and the costs its driver declared when finishing it; none for a trip that never left.</summary>
    public static ClosedTrip? Of(Trips.Trip trip, Trips.TripFinished finished) =>
        trip is { Assignment: { } car, StartedAt: { } left, ReturnedAt: { } back }
            ? new ClosedTrip(trip.Id, trip.Order?.Text, car.Plate, car.Class, car.DriverId is not null, trip.Details.Start, left, back,
                (trip.OdometerIn ?? Distance.Zero) - (trip.OdometerOut ?? Distance.Zero), finished.FuelCost, finished.Tolls, finished.Parking)
            : null;
}

/// <summary>How the time out was charged.</summary>
public enum Tariff
{
    /// <summary>Per started hour.</summary>
    Hourly,

    /// <summary>One half day: up to four hours.</summary>
    HalfDay,

    /// <summary>By the day: whole days, and the rest by whichever of the three is cheapest.</summary>
    Day,
}

/// <summary>
/// One trip's line on a statement, every amount in yuan rounded to the fen: the rate card version it was charged by, the
/// distance and the time out, the tariff that applied, the waiting and the driver, and the costs declared on the trip.
/// </summary>
public sealed record ChargeLine(
    Guid TripId,
    string? OrderNumber,
    string Plate,
    VehicleClass Class,
    int RateCardVersion,
    Instant DepartedAt,
    Instant ReturnedAt,
    decimal Kilometres,
    int Minutes,
    Tariff Tariff,
    decimal DistanceCharge,
    decimal TimeCharge,
    int WaitingMinutes,
    decimal WaitingCharge,
    decimal DriverCharge,
    decimal Fuel,
    decimal Tolls,
    decimal Parking,
    decimal Total);

/// <summary>
/// What a closed trip costs its unit by the pool's rate card (docs/settlement.md):
/// <list type="bullet">
/// <item>distance: kilometres driven × per km;</item>
/// <item>time out (departure to return): the cheapest of per started hour, a half day if it covers the time, or a day;
/// beyond a day, whole days and the rest charged the same way (never more than one more day);</item>
/// <item>waiting: with a pool driver, the minutes the car left after the time asked for beyond <see cref="WaitingGrace"/>,
/// per hour pro rata;</item>
/// <item>a pool driver: per started day out;</item>
/// <item>fuel, tolls and parking as declared on the trip.</item>
/// </list>
/// Each amount is rounded to the fen on its own (<see cref="Money.Fen"/>) and the total is their sum, so a line adds up as printed.
/// </summary>
public static class Charging
{
    /// <summary>A car may leave a quarter of an hour late without a charge: loading, a lift, a slow door.</summary>
    public static readonly Duration WaitingGrace = Duration.FromMinutes(15);

    /// <summary>The line of <paramref name="trip"/>, or the problem that stops it: a class the card has no rate for.</summary>
    public static (ChargeLine? Line, Problem? Problem) Charge(ClosedTrip trip, RateCard card)
    {
        if (card.RateOf(trip.Class) is not { } rate)
            return (null, Problem.Conflict("settlement.no_rate_for_class",
                "The rate card (version {0}) has no rate for {1}, the class of {2}: add the class to the rate card first.", card.Version, trip.Class, trip.Plate));

        var minutes = (int)Math.Max(0, Math.Ceiling((trip.ReturnedAt - trip.DepartedAt).TotalMinutes));
        var (tariff, time) = TimeCharge(minutes, rate);
        var kilometres = Math.Max(0, trip.Distance.Kilometres);
        var waitingMinutes = trip.WithDriver ? (int)Math.Max(0, Math.Ceiling((trip.DepartedAt - trip.PlannedStart - WaitingGrace).TotalMinutes)) : 0;
        var days = Math.Max(1, (minutes + MinutesOf(RateCard.Day) - 1) / MinutesOf(RateCard.Day));

        var distanceCharge = Money.Fen(kilometres * rate.PerKm);
        var timeCharge = Money.Fen(time);
        var waitingCharge = Money.Fen(waitingMinutes * rate.WaitingPerHour / 60m);
        var driverCharge = trip.WithDriver ? Money.Fen(days * rate.WithDriverPerDay) : 0m;
        var (fuel, tolls, parking) = (Money.Fen(trip.Fuel), Money.Fen(trip.Tolls), Money.Fen(trip.Parking));
        return (new ChargeLine(trip.TripId, trip.OrderNumber, trip.Plate, trip.Class, card.Version, trip.DepartedAt, trip.ReturnedAt, kilometres,
            minutes, tariff, distanceCharge, timeCharge, waitingMinutes, waitingCharge, driverCharge, fuel, tolls, parking,
            distanceCharge + timeCharge + waitingCharge + driverCharge + fuel + tolls + parking), null);
    }

    /// <summary>
    /// The cheapest tariff that covers <paramref name="minutes"/> out. Within a day: started hours, a half day when the time
    /// is at most four hours, or a day. Beyond: the whole days at the day rate plus the rest charged as within a day; the
    /// tariff is then <see cref="Tariff.Day"/>. On a tie the simpler wins (hourly before half day before day).
    /// </summary>
    public static (Tariff Tariff, decimal Amount) TimeCharge(int minutes, ClassRate rate)
    {
        var day = MinutesOf(RateCard.Day);
        if (minutes > day)
        {
            var (_, rest) = TimeCharge(minutes % day, rate);
            return (Tariff.Day, minutes / day * rate.Day + rest);
        }

        var hourly = (minutes + 59) / 60 * rate.PerHour;
        var options = new List<(Tariff, decimal)> { (Tariff.Hourly, hourly) };
        if (minutes <= MinutesOf(RateCard.HalfDay)) options.Add((Tariff.HalfDay, rate.HalfDay));
        options.Add((Tariff.Day, rate.Day));
        return options.MinBy(o => o.Item2);
    }

    private static int MinutesOf(Duration duration) => (int)duration.TotalMinutes;
}
