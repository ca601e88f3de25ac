using System.Globalization;
using Fleet.Domain.Records;
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
    /// latest check found nothing. A record falls on its first finding's moment.
    /// </summary>
    public static Task<IEnumerable<FlaggedRecord?>> RecordsAsync(IDocumentOperations tenant, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var records = new List<FlaggedRecord?>();
        foreach (var e in events.Select(e => e.Data).OfType<OutsideRecordChecked>().GroupBy(e => e.RecordId).Select(g => g.Last()))
            records.Add(Record(tenant, FlaggedSubject.OutsideRecord, e.RecordId, e.TripId, e.Plate, e.Findings));
        foreach (var e in events.Select(e => e.Data).OfType<TripRecordsChecked>().GroupBy(e => e.TripId).Select(g => g.Last()))
            records.Add(Record(tenant, FlaggedSubject.TripRecords, e.TripId, e.TripId, e.Plate, e.Findings));
        return Task.FromResult<IEnumerable<FlaggedRecord?>>(records);
    }

    private static FlaggedRecord? Record(IDocumentOperations tenant, FlaggedSubject subject, Guid id, Guid? tripId, string plate, IReadOnlyList<RecordFinding> findings)
    {
        var record = FlaggedRecord.Of(subject, id, findings.Count > 0 ? findings.Min(f => f.At) : default, findings.Select(f => KindOf(f.Kind)));
        if (record is null)
        {
            tenant.Delete<FlaggedRecord>(FlaggedRecord.IdOf(subject, id));
            return null;
        }

        record.Findings = findings;
        record.TripId = tripId;
        return record.About(null, plate, null);
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
