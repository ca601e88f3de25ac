using System.Globalization;
using Fleet.Domain.Records;
using Fleet.Domain.Trips;
using Fleet.Projections.Logbook;
using JasperFx.Events;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Projections.Compliance;

/// <summary>The compliance flags of the checks of records from outside, with the evidence in the figures a supervisor reads.</summary>
public static class RecordFlags
{
    private static readonly LocalDateTimePattern Local = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    public static ComplianceFlagKind KindOf(RecordFindingKind finding) => finding switch
    {
        RecordFindingKind.FuelWithoutTrip => ComplianceFlagKind.FuelWithoutTrip,
        RecordFindingKind.FuelOverTank => ComplianceFlagKind.FuelOverTank,
        RecordFindingKind.FuelOverDistance => ComplianceFlagKind.FuelOverDistance,
        RecordFindingKind.TollOutsideTrip => ComplianceFlagKind.TollOutsideTrip,
        RecordFindingKind.ParkingOutsideTrip => ComplianceFlagKind.ParkingOutsideTrip,
        RecordFindingKind.DeclaredTollsDiffer => ComplianceFlagKind.DeclaredTollsDiffer,
        RecordFindingKind.DeclaredParkingDiffer => ComplianceFlagKind.DeclaredParkingDiffer,
        RecordFindingKind.DeclaredFuelDiffer => ComplianceFlagKind.DeclaredFuelDiffer,
        _ => throw new ArgumentOutOfRangeException(nameof(finding), finding, "Every finding has a flag."),
    };

    /// <summary>
    /// The latest check of each record and trip among the events: its record replaces the one before, and goes when the
    /// latest check found nothing. A record falls on its first finding's moment, and carries its trip's unit and order
    /// number, so that a supervisor asking for one unit's flags finds it.
    /// </summary>
    /// <param name="loaded">The trips the page's other events loaded already.</param>
    public static async Task<IEnumerable<FlaggedRecord?>> RecordsAsync(IDocumentOperations tenant, IReadOnlyList<IEvent> events, IReadOnlyList<Trip> loaded,
        CancellationToken cancellation)
    {
        var ofRecords = events.Select(e => e.Data).OfType<OutsideRecordChecked>().GroupBy(e => e.RecordId).Select(g => g.Last()).ToList();
        var ofTrips = events.Select(e => e.Data).OfType<TripRecordsChecked>().GroupBy(e => e.TripId).Select(g => g.Last()).ToList();
        if (ofRecords.Count == 0 && ofTrips.Count == 0) return [];

        var trips = await TripsAsync(tenant, ofRecords.Select(e => e.TripId).OfType<Guid>().Concat(ofTrips.Select(e => e.TripId)).ToHashSet(), loaded,
            cancellation);
        var records = new List<FlaggedRecord?>();
        foreach (var e in ofRecords)
            records.Add(Record(tenant, FlaggedSubject.OutsideRecord, e.RecordId, e.TripId, e.Plate, e.Findings, trips));
        foreach (var e in ofTrips)
            records.Add(Record(tenant, FlaggedSubject.TripRecords, e.TripId, e.TripId, e.Plate, e.Findings, trips));
        return records;
    }

    /// <summary>
    /// The unit and order number of each trip: a driven trip's from its document; an imported trip (a paper logbook's)
    /// has none, and its logbook line has the unit the paper named, if it named one.
    /// </summary>
    private static async Task<IReadOnlyDictionary<Guid, (string? Unit, string? Order)>> TripsAsync(IDocumentOperations tenant, IReadOnlySet<Guid> ids,
        IReadOnlyList<Trip> loaded, CancellationToken cancellation)
    {
        var trips = loaded.Where(t => ids.Contains(t.Id)).ToDictionary(t => t.Id, t => ((string?)t.UnitCode, t.Order?.Text));
        var missing = ids.Where(id => !trips.ContainsKey(id)).ToList();
        if (missing.Count > 0)
            foreach (var trip in await tenant.LoadManyAsync<Trip>(cancellation, missing))
                trips[trip.Id] = (trip.UnitCode, trip.Order?.Text);
        missing = ids.Where(id => !trips.ContainsKey(id)).ToList();
        if (missing.Count > 0)
            foreach (var line in await tenant.LoadManyAsync<LogbookEntry>(cancellation, missing))
                trips[line.Id] = (string.IsNullOrEmpty(line.UnitCode) ? null : line.UnitCode, line.OrderNumber);
        return trips;
    }

    private static FlaggedRecord? Record(IDocumentOperations tenant, FlaggedSubject subject, Guid id, Guid? tripId, string plate,
        IReadOnlyList<RecordFinding> findings, IReadOnlyDictionary<Guid, (string? Unit, string? Order)> trips)
    {
        var record = FlaggedRecord.Of(subject, id, findings.Count > 0 ? findings.Min(f => f.At) : default, findings.Select(f => KindOf(f.Kind)));
        if (record is null)
        {
            tenant.Delete<FlaggedRecord>(FlaggedRecord.IdOf(subject, id));
            return null;
        }

        record.Findings = findings;
        record.TripId = tripId;
        var (unit, order) = tripId is { } trip ? trips.GetValueOrDefault(trip) : default;
        return record.About(unit, plate, order);
    }

    /// <summary>A flag for each finding: local time, place, the figures compared (litres or yuan, two decimals), the trip's distance, how many records.</summary>
    public static IEnumerable<ComplianceFlag> Flags(FlaggedRecord record, DateTimeZone zone) =>
        Flags(record.Findings ?? [], record.TripId, record.Plate, record.OrderNumber, record.UnitCode, zone);

    public static IEnumerable<ComplianceFlag> Flags(IReadOnlyList<RecordFinding> findings, Guid? tripId, string? plate, string? orderNumber, string? unitCode,
        DateTimeZone zone) =>
        findings.Select(f =>
        {
            var evidence = new Dictionary<string, string>
            {
                ["at"] = Local.Format(f.At.InZone(zone).LocalDateTime),
                ["place"] = f.Place ?? "",
                ["recorded"] = Figure(f.Recorded),
                ["count"] = f.Count.ToString(CultureInfo.InvariantCulture),
            };
            if (f.Limit is { } limit) evidence["limit"] = Figure(limit);
            if (f.Kilometres is { } km) evidence["km"] = km.ToString("0.0", CultureInfo.InvariantCulture);
            return new ComplianceFlag(KindOf(f.Kind), f.At, tripId, orderNumber, null, plate, unitCode, evidence);
        });

    private static string Figure(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
