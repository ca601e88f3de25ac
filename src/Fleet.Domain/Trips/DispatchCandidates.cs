using Fleet.Domain.Drivers;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Trips;

/// <summary>A car the dispatcher could send, or could not and why. <see cref="RecentTrips"/> is its use lately.</summary>
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
    IReadOnlyList<ReservationConflict> Reserved);

/// <summary>A driver the dispatcher could send, or could not and why.</summary>
/// <param name="LicenceFits">Whether the licence covers the class asked for (a sedan when none was).</param>
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
/// asked for, the smallest car that seats everybody, and among equals the one used least lately, so that wear
/// and overtime spread over the fleet. The unavailable follow, each with every reason, so that a dispatcher
/// sees what would have to change.
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

        var vehicleRows = vehicles
            .Where(v => v.Status != VehicleStatus.Disposed)
            .Select(v =>
            {
                var unavailable = VehicleAvailability.Check(v, window, zone);
                var conflicts = Reservations.Conflicts(v.Id, null, reserved, byVehicle[v.Id], settings, now);
                var enoughSeats = v.Seats >= capacityNeeded;
                return new VehicleCandidate(v.Id, v.Plate, v.Class, v.Seats,
                    Available: unavailable.Count == 0 && conflicts.Count == 0 && enoughSeats,
                    ClassFits: details.WantedClass is not { } wanted || v.Class == wanted,
                    EnoughSeats: enoughSeats,
                    RecentTrips: vehicleUse.GetValueOrDefault(v.Id),
                    unavailable, conflicts);
            })
            .OrderByDescending(c => c.Available)
            .ThenByDescending(c => c.ClassFits)
            .ThenBy(c => c.Available ? c.Seats : 0)
            .ThenBy(c => c.Available ? c.RecentTrips : 0)
            .ThenBy(c => c.Plate, StringComparer.Ordinal)
            .ToList();

        var licenceClass = details.WantedClass ?? VehicleClass.Sedan;
        var licenceSeats = Math.Max(capacityNeeded, VehicleRegistration.SeatRange[licenceClass].Min);
        var driverRows = drivers
            .Where(d => d.Status != DriverStatus.Left)
            .Select(d =>
            {
                var unavailable = DriverAvailability.Check(d, window, zone);
                var conflicts = Reservations.Conflicts(null, d.Id, reserved, byDriver[d.Id], settings, now);
                var licenceFits = LicenceCoverage.Covers(d.LicenceClasses, licenceClass, licenceSeats);
                return new DriverCandidate(d.Id, d.Name, d.LicenceClasses,
                    Available: unavailable.Count == 0 && conflicts.Count == 0,
                    LicenceFits: licenceFits,
                    RecentTrips: driverUse.GetValueOrDefault(d.Id),
                    unavailable, conflicts);
            })
            .OrderByDescending(c => c.Available && c.LicenceFits)
            .ThenByDescending(c => c.Available)
            .ThenBy(c => c.Available ? c.RecentTrips : 0)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        return new DispatchCandidateList(trip.Id, reserved, vehicleRows, driverRows);
    }
}
