using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Domain.Vehicles;

namespace Fleet.Server.Scheduling.Availability;

public sealed record VehicleAvailabilityRow(Guid VehicleId, string Plate, VehicleClass Class, int Seats, bool Available,
    IReadOnlyList<VehicleUnavailability> Reasons);

public sealed record DriverAvailabilityRow(Guid DriverId, string Name, IReadOnlyList<LicenceClass> LicenceClasses, bool Available,
    IReadOnlyList<DriverUnavailability> Reasons);

public sealed record PoolAvailability(Interval Interval, IReadOnlyList<VehicleAvailabilityRow> Vehicles, IReadOnlyList<DriverAvailabilityRow> Drivers);

public static class AvailabilityEndpoint
{
    /// <summary>
    /// Which of the pool's vehicles and drivers can serve the half-open interval [from, to), and for each that
    /// cannot, every reason why. Disposed vehicles and drivers who left service are history, not candidates.
    /// </summary>
    [WolverineGet("/api/availability", OperationId = "GetAvailability"), Tags("Scheduling")]
    [Authorize(Roles = $"{nameof(Role.Dispatcher)},{nameof(Role.FleetAdmin)},{nameof(Role.Supervisor)}")]
    public static async Task<Results<Ok<PoolAvailability>, ProblemHttpResult>> Get(string? from, string? to, IQuerySession session, PoolRoster roster,
        DateTimeZone zone, ProblemText text, CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        var start = QueryCalendar.Moment(from, "from", problems);
        var end = QueryCalendar.Moment(to, "to", problems);
        if (problems.Count > 0) return FleetProblems.From(problems, text);
        return await AnswerAsync(start!.Value, end!.Value, session, roster, zone, text, cancellation);
    }

    private static async Task<Results<Ok<PoolAvailability>, ProblemHttpResult>> AnswerAsync(Instant from, Instant to, IQuerySession session, PoolRoster roster,
        DateTimeZone zone, ProblemText text, CancellationToken cancellation)
    {
        var problems = new List<Problem>();
        if (to <= from)
            problems.Add(Problem.Invalid("availability.interval_invalid", "to", "The end of the interval must come after its start."));
        else if (to - from > Duration.FromDays(31))
            problems.Add(Problem.Invalid("availability.interval_too_long", "to", "Ask for at most {0} days at a time.", 31));
        if (problems.Count > 0) return FleetProblems.From(problems, text);

        var wanted = new Interval(from, to);
        // The session is the caller's pool: another pool's vehicles and drivers are not in it.
        var pool = await roster.ForAsync(session, from, cancellation);
        var vehicles = pool.Vehicles.Where(v => v.Status != VehicleStatus.Disposed).OrderBy(v => v.Plate, StringComparer.Ordinal);
        var drivers = pool.Drivers.Where(d => d.Status != DriverStatus.Left).OrderBy(d => d.Name, StringComparer.Ordinal);

        return TypedResults.Ok(new PoolAvailability(
            wanted,
            vehicles.Select(v => Row(v, VehicleAvailability.Check(v, wanted, zone))).ToList(),
            drivers.Select(d => Row(d, DriverAvailability.Check(d, wanted, zone))).ToList()));
    }

    private static VehicleAvailabilityRow Row(Vehicle v, IReadOnlyList<VehicleUnavailability> reasons) =>
        new(v.Id, v.Plate, v.Class, v.Seats, reasons.Count == 0, reasons);

    private static DriverAvailabilityRow Row(Driver d, IReadOnlyList<DriverUnavailability> reasons) =>
        new(d.Id, d.Name, d.LicenceClasses, reasons.Count == 0, reasons);
}
