using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Projections.DispatchBoard;

/// <summary>Where a car is now, as the dispatch centre's board shows it.</summary>
public enum VehiclePlace
{
    AtBase,
    Out,
    InWorkshop,
    OutOfService,
}

public sealed record BoardTrip(
    Guid TripId,
    string UnitCode,
    TripPurpose Purpose,
    string PurposeText,
    int Passengers,
    TripUrgency Urgency,
    Instant Start,
    Instant End,
    TripStatus Status,
    string? OrderNumber,
    string? Plate,
    string? DriverName,
    bool StartOverdue,
    bool ReturnOverdue,
    IReadOnlyList<string> Destinations,
    VehicleClass? WantedClass,
    Guid RequestedBy,
    TripContact? Contact = null)
{
    public static BoardTrip Of(Trip t) => new(t.Id, t.UnitCode, t.Details.Purpose, t.Details.PurposeText, t.Details.Passengers, t.Details.Urgency,
        t.Details.Start, t.Details.End, t.Status, t.Order?.Text, t.Assignment?.Plate, t.Assignment?.DriverName, t.StartOverdue, t.ReturnOverdue,
        t.Details.Destinations, t.Details.WantedClass, t.RequestedBy, t.Contact);
}

public sealed record BoardVehicle(Guid VehicleId, string Plate, VehicleClass Class, int Seats, VehiclePlace Place, Guid? OutOnTrip);

/// <summary>
/// A pool's dispatch board for one local day: what waits for approval and for dispatch, what is on the road
/// today, where every car is now, and what is late. Built from the trips' and cars' current state.
/// </summary>
public sealed record DispatchBoardView(
    LocalDate Day,
    IReadOnlyList<BoardTrip> AwaitingApproval,
    IReadOnlyList<BoardTrip> AwaitingDispatch,
    IReadOnlyList<BoardTrip> Today,
    IReadOnlyList<BoardTrip> Overdue,
    IReadOnlyList<BoardVehicle> Vehicles,
    IReadOnlyDictionary<VehiclePlace, int> VehiclesByPlace)
{
    /// <param name="trips">The pool's trips that are not over: requested, approved, dispatched, accepted or under way.</param>
    public static DispatchBoardView Compose(LocalDate day, DateTimeZone zone, Instant now, IReadOnlyList<Trip> trips, IEnumerable<Vehicle> vehicles)
    {
        var dayStarts = zone.AtStartOfDay(day).ToInstant();
        var dayEnds = zone.AtStartOfDay(day.PlusDays(1)).ToInstant();
        List<BoardTrip> Pick(Func<Trip, bool> which) => trips.Where(which).OrderBy(t => t.Details.Start).Select(BoardTrip.Of).ToList();

        var underway = trips.Where(t => t.Status == TripStatus.InProgress && t.Assignment is not null)
            .GroupBy(t => t.Assignment!.VehicleId).ToDictionary(g => g.Key, g => g.First().Id);
        var cars = vehicles.Where(v => v.Status != VehicleStatus.Disposed)
            .Select(v => new BoardVehicle(v.Id, v.Plate, v.Class, v.Seats, Place(v, underway, now), underway.TryGetValue(v.Id, out var trip) ? trip : null))
            .OrderBy(v => v.Place).ThenBy(v => v.Plate, StringComparer.Ordinal)
            .ToList();

        return new DispatchBoardView(
            day,
            AwaitingApproval: Pick(t => t.AwaitingApproval),
            // A trip whose time has passed without a car is not work for today but a matter for its requester.
            AwaitingDispatch: Pick(t => t.Status == TripStatus.Approved && t.Details.End > now),
            Today: Pick(t => t.Status.IsDispatched() && (t.Status == TripStatus.InProgress || t.Details.Start < dayEnds && t.Details.End > dayStarts)),
            Overdue: Pick(t => t.Status.IsDispatched() && (t.StartOverdue || t.ReturnOverdue)),
            cars,
            cars.GroupBy(v => v.Place).ToDictionary(g => g.Key, g => g.Count()));
    }

    private static VehiclePlace Place(Vehicle vehicle, IReadOnlyDictionary<Guid, Guid> underway, Instant now) =>
        vehicle.Status == VehicleStatus.Retired ? VehiclePlace.OutOfService
        : underway.ContainsKey(vehicle.Id) ? VehiclePlace.Out
        : vehicle.Status == VehicleStatus.UnderMaintenance || vehicle.MaintenanceWindows.Any(w => w.IsOpen && w.Occupancy is { } o && o.Contains(now))
            ? VehiclePlace.InWorkshop
            : VehiclePlace.AtBase;
}
