using NodaTime;

namespace Fleet.Domain.Vehicles;

public static class Intervals
{
    /// <summary>
    /// Half-open intervals [start, end) overlap only if each starts before the other ends, so back-to-back
    /// bookings — one ending the instant the next begins — never clash.
    /// </summary>
    public static bool Overlaps(this Interval first, Interval second) =>
        first.Start < second.End && second.Start < first.End;
}
