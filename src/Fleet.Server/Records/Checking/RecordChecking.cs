using Fleet.Domain.Records;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Logbook;

namespace Fleet.Server.Records.Checking;

/// <summary>
/// Hands the checks (<see cref="RecordChecks"/>) what they read from the store: the trips of the records' cars around
/// the records' moments (back to each car's fuel purchase before them), from the logbook (driven and imported trips
/// alike) or, for a driven trip the daemon has not caught up with, from its stream; the records known of those trips, and
/// the cars' fuel figures. Used at import and when a trip is finished.
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

        var trips = await TripsAsync(session, vehicles, from, to, finished, cancellation);
        var known = await session.Query<OutsideRecord>().Where(r => r.VehicleId.IsOneOf(vehicles) && r.At >= from && r.At <= to).ToListAsync(cancellation);
        var figures = (await session.LoadManyAsync<Vehicle>(cancellation, vehicles))
            .Where(v => v.Fuel is not null).ToDictionary(v => v.Id, v => v.Fuel!);
        return RecordChecks.Check(records, trips.Values.ToList(), known.Select(r => r.Facts).ToList(), figures, RecordRules.Default, zone, now);
    }

    /// <summary>
    /// The cars' trips that left between <paramref name="from"/> and <paramref name="to"/>: from the logbook, which holds the
    /// imported paper trips too and what each driven one declared; a driven trip whose line the daemon has not yet brought
    /// up to its start or its return (a file imported right after the car came back) is read from its own stream instead.
    /// </summary>
    private static async Task<Dictionary<Guid, TripFacts>> TripsAsync(IQuerySession session, Guid[] vehicles, Instant from, Instant to,
        TripFacts? finished, CancellationToken cancellation)
    {
        var cars = vehicles.Select(v => (Guid?)v).ToArray();
        var lines = (await session.Query<LogbookEntry>()
            .Where(e => e.VehicleId.IsOneOf(cars) && e.DepartedAt != null && e.DepartedAt >= from && e.DepartedAt <= to)
            .ToListAsync(cancellation)).ToDictionary(l => l.Id);
        var trips = lines.Values.ToDictionary(l => l.Id, l => new TripFacts(l.Id, l.VehicleId!.Value, l.DepartedAt!.Value, l.ReturnedAt ?? l.PlannedEnd,
            l is { OdometerOutMetres: { } o, OdometerInMetres: { } i } ? (i - o) / 1000m : null, l.ReturnedAt is not null, l.FuelLitres, l.Tolls, l.Parking));

        var driven = await session.Query<Trip>()
            .Where(t => t.Assignment!.VehicleId.IsOneOf(vehicles) && t.StartedAt != null && t.StartedAt >= from && t.StartedAt <= to)
            .ToListAsync(cancellation);
        if (finished is not null) trips[finished.Id] = finished;
        // The trip the caller has just read from its stream is not read again.
        foreach (var trip in driven.Where(t => t.Id != finished?.Id
                                               && (lines.GetValueOrDefault(t.Id) is not { } line || line.DepartedAt != t.StartedAt || line.ReturnedAt != t.ReturnedAt)))
        {
            if (trip.ReturnedAt is null)
                trips[trip.Id] = new TripFacts(trip.Id, trip.Assignment!.VehicleId, trip.StartedAt!.Value, trip.Details.End, null, false, null, 0, 0);
            else if ((await session.Events.FetchStreamAsync(trip.Id, token: cancellation)).Select(e => e.Data).OfType<TripFinished>().LastOrDefault() is { } back
                     && RecordRechecks.Finished(trip, back) is { } facts)
                trips[trip.Id] = facts;
        }

        return trips;
    }
}
