using Fleet.Domain.Records;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Logbook;

namespace Fleet.Server.Records.Checking;

/// <summary>
/// Hands the checks (<see cref="RecordChecks"/>) what they read from the store: the trips of the records' cars around
/// the records' moments (back to each car's fuel purchase before them), from the logbook (driven and imported trips
/// alike), the records known of those trips, and the cars' fuel figures. Used at import and when a trip is finished.
/// </summary>
public static class RecordChecking
{
    /// <param name="finished">
    /// A trip just finished, as its stream tells it: its logbook line is kept by the daemon and may not show the finish yet,
    /// so these facts take the line's place.
    /// </param>
    public static async Task<RecordCheck> CheckAsync(IQuerySession session, IReadOnlyList<RecordFacts> records, TripFacts? finished, DateTimeZone zone,
        Instant now, CancellationToken cancellation)
    {
        if (records.Count == 0) return new RecordCheck([], []);
        var vehicles = records.Select(r => r.VehicleId).Distinct().ToArray();
        var (from, to) = (records.Min(r => r.At) - RecordChecks.Reach, records.Max(r => r.At) + RecordChecks.Reach);
        // A purchase is held against the drive since the car's previous one (RecordChecks.OverDistance), however long ago.
        foreach (var (car, first) in records.Where(r => r.Kind == RecordKind.Fuel).GroupBy(r => r.VehicleId).Select(g => (g.Key, g.Min(r => r.At))))
        {
            var previous = await session.Query<OutsideRecord>().Where(r => r.VehicleId == car && r.Kind == RecordKind.Fuel && r.At < first)
                .OrderByDescending(r => r.At).Select(r => r.At).Take(1).ToListAsync(cancellation);
            if (previous is [var at] && at - RecordChecks.Reach < from) from = at - RecordChecks.Reach;
        }

        var cars = vehicles.Select(v => (Guid?)v).ToArray();
        var lines = await session.Query<LogbookEntry>()
            .Where(e => e.VehicleId.IsOneOf(cars) && e.DepartedAt != null && e.DepartedAt >= from && e.DepartedAt <= to)
            .ToListAsync(cancellation);
        var trips = lines.Where(l => l.Id != finished?.Id).Select(l => new TripFacts(l.Id, l.VehicleId!.Value, l.DepartedAt!.Value,
            l.ReturnedAt ?? l.PlannedEnd, l is { OdometerOutMetres: { } o, OdometerInMetres: { } i } ? (i - o) / 1000m : null, l.ReturnedAt is not null,
            l.FuelLitres, l.Tolls, l.Parking)).ToList();
        if (finished is not null) trips.Add(finished);
        var known = await session.Query<OutsideRecord>().Where(r => r.VehicleId.IsOneOf(vehicles) && r.At >= from && r.At <= to).ToListAsync(cancellation);
        var figures = (await session.LoadManyAsync<Vehicle>(cancellation, vehicles))
            .Where(v => v.Fuel is not null).ToDictionary(v => v.Id, v => v.Fuel!);
        return RecordChecks.Check(records, trips, known.Select(r => r.Facts).ToList(), figures, RecordRules.Default, zone, now);
    }
}
