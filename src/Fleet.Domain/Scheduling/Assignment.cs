using Fleet.Domain.Vehicles;
using NodaTime;

namespace Fleet.Domain.Scheduling;

/// <summary>
/// The car and driver a trip was given and the time they are held for it: [start, end + turnaround). The
/// plate and name are copied as they were, so that the logbook line reads the same after a re-registration.
/// </summary>
/// <param name="DriverId">Null when the unit drives itself (a trip requested without driver).</param>
public sealed record Assignment(
    Guid VehicleId,
    string Plate,
    VehicleClass Class,
    int Seats,
    Guid? DriverId,
    string? DriverName,
    Instant ReservedFrom,
    Instant ReservedUntil)
{
    public Interval Reserved => new(ReservedFrom, ReservedUntil);
}

/// <summary>
/// How dispatch is run in a pool. The turnaround is the time a car and driver need after a trip before the
/// next one (refuelling, cleaning, the way back to base); it is added to every reservation when it is made,
/// so a later change of setting does not move reservations already made.
/// </summary>
public sealed record DispatchSettings(Duration Turnaround)
{
    public static DispatchSettings Default { get; } = new(Duration.FromMinutes(30));
}
