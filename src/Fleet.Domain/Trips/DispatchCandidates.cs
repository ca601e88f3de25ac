using Fleet.Domain.Drivers;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>A car the dispatcher could send, or could not and why. <see cref="RecentTrips"/> is its use lately.</summary>
/// <param name="Available">Free, roadworthy, seats everybody and, for a trip with a driver, some free driver may drive it.</param>
/// <param name="Drivable">For a trip with a driver: a driver free at the time holds a licence for this car.</param>
public sealed record VehicleCandidate(
    Guid VehicleId,
    string Plate,
    VehicleClass Class,
    int Seats,
    bool Available,
    bool ClassFits,
    bool EnoughSeats,
    int RecentTrips,
    IReadOnlyList<VehicleUnavailability> Unavailable,
    IReadOnlyList<ReservationConflict> Reserved,
    bool Drivable = true);

/// <summary>A driver the dispatcher could send, or could not and why.</summary>
/// <param name="LicenceFits">
/// Whether the licence covers the car proposed first, the one the driver would be sent with; with no car free, the
/// class asked for (a sedan when none was).
/// </param>
public sealed record DriverCandidate(
    Guid DriverId,
    string Name,
    IReadOnlyList<LicenceClass> LicenceClasses,
    bool Available,
    bool LicenceFits,
    int RecentTrips,
    IReadOnlyList<DriverUnavailability> Unavailable,
    IReadOnlyList<ReservationConflict> Reserved);

public sealed record DispatchCandidateList(Guid TripId, Interval Reserved, IReadOnlyList<VehicleCandidate> Vehicles, IReadOnlyList<DriverCandidate> Drivers);

/// <summary>
/// Ranks the pool's cars and drivers for one trip. The best candidates come first: available, of the class
/// asked for, the car the most drivers may drive, the smallest that seats everybody, and among equals the one used
/// least lately, so that wear and overtime spread over the fleet. Drivers are judged against the car proposed first,
/// so the first car and the first driver offered are a pair that dispatch accepts. The unavailable follow, each with
/// every reason, so that a dispatcher sees what would have to change.
/// </summary>
public static class DispatchCandidates
{
    /// <param name="reservations">The pool's reservations around the trip; the trip's own is ignored.</param>
    /// <param name="vehicleUse">Trips per car lately; a car missing from it has had none.</param>
    public static DispatchCandidateList Rank(Trip trip, IEnumerable<Vehicle> vehicles, IEnumerable<Driver> drivers,
        IReadOnlyList<Reservation> reservations, IReadOnlyDictionary<Guid, int> vehicleUse, IReadOnlyDictionary<Guid, int> driverUse,
        DispatchSettings settings, DateTimeZone zone, Instant now)
    {
        var details = trip.Details;
        var window = new Interval(details.Start, details.End);
        var reserved = Reservations.For(details.Start, details.End, settings);
        var others = reservations.Where(r => r.TripId != trip.Id).ToList();
        // Looked up per car and per driver, so that ranking stays linear in the size of the pool and its bookings.
        var byVehicle = others.ToLookup(r => r.Assignment.VehicleId);
        var byDriver = others.Where(r => r.Assignment.DriverId is not null).ToLookup(r => r.Assignment.DriverId!.Value);
        var capacityNeeded = details.Passengers + (details.WithDriver ? 1 : 0);

        var driverStates = drivers
            .Where(d => d.Status != DriverStatus.Left)
            .Select(d => (Driver: d, Unavailable: DriverAvailability.Check(d, window, zone),
                Conflicts: Reservations.Conflicts(null, d.Id, reserved, byDriver[d.Id], settings, now)))
            .ToList();
        // A pool's drivers hold a handful of licence combinations: a car is drivable when one held by a free driver covers it.
        var freeLicences = driverStates
            .Where(d => d.Unavailable.Count == 0 && d.Conflicts.Count == 0)
            .Select(d => LicenceCoverage.Permitted(d.Driver.LicenceClasses))
            .DistinctBy(p => string.Join(',', p.Order()))
            .ToList();
        bool Drivable(Vehicle v) => !details.WithDriver
            || freeLicences.Any(permitted => LicenceCoverage.Requirements(v.Class, v.Seats).All(permitted.Contains));

        var vehicleRows = vehicles
            .Where(v => v.Status != VehicleStatus.Disposed)
            .Select(v =>
            {
                var unavailable = VehicleAvailability.Check(v, window, zone);
                var conflicts = Reservations.Conflicts(v.Id, null, reserved, byVehicle[v.Id], settings, now);
                var enoughSeats = v.Seats >= capacityNeeded;
                var drivable = Drivable(v);
                return (Vehicle: v, Row: new VehicleCandidate(v.Id, v.Plate, v.Class, v.Seats,
                    Available: unavailable.Count == 0 && conflicts.Count == 0 && enoughSeats && drivable,
                    ClassFits: details.WantedClass is not { } wanted || v.Class == wanted,
                    EnoughSeats: enoughSeats,
                    RecentTrips: vehicleUse.GetValueOrDefault(v.Id),
                    unavailable, conflicts, drivable));
            })
            .OrderByDescending(c => c.Row.Available)
            .ThenByDescending(c => c.Row.ClassFits)
            // With no class asked for, a car any car licence covers goes before a special vehicle or a bus of as many seats.
            .ThenBy(c => c.Row.Available ? LicenceCoverage.Narrowness(c.Vehicle.Class, c.Vehicle.Seats) : 0)
            .ThenBy(c => c.Row.Available ? c.Row.Seats : 0)
            .ThenBy(c => c.Row.Available ? c.Row.RecentTrips : 0)
            .ThenBy(c => c.Row.Plate, StringComparer.Ordinal)
            .ToList();

        var proposed = vehicleRows.FirstOrDefault(c => c.Row.Available).Vehicle;
        var (licenceClass, licenceSeats) = proposed is not null
            ? (proposed.Class, proposed.Seats)
            : (details.WantedClass ?? VehicleClass.Sedan, Math.Max(capacityNeeded, VehicleRegistration.SeatRange[details.WantedClass ?? VehicleClass.Sedan].Min));
        var driverRows = driverStates
            .Select(d => new DriverCandidate(d.Driver.Id, d.Driver.Name, d.Driver.LicenceClasses,
                Available: d.Unavailable.Count == 0 && d.Conflicts.Count == 0,
                LicenceFits: LicenceCoverage.Covers(d.Driver.LicenceClasses, licenceClass, licenceSeats),
                RecentTrips: driverUse.GetValueOrDefault(d.Driver.Id),
                d.Unavailable, d.Conflicts))
            .OrderByDescending(c => c.Available && c.LicenceFits)
            .ThenByDescending(c => c.Available)
            .ThenBy(c => c.Available ? c.RecentTrips : 0)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        return new DispatchCandidateList(trip.Id, reserved, vehicleRows.Select(c => c.Row).ToList(), driverRows);
    }
}
