using Fleet.Domain.Common;

namespace Fleet.Domain.Vehicles;

/// <summary>The refusals several capabilities share, so that one situation always carries one code.</summary>
internal static class VehicleProblems
{
    public static Problem Disposed() => Problem.Conflict("vehicle.disposed",
        "This vehicle has been disposed of: its record is closed to everything but odometer readings.");

    public static Problem Retired() => Problem.Conflict("vehicle.retired",
        "This vehicle is retired: it can be disposed of, but no longer transferred or booked for maintenance.");
}
