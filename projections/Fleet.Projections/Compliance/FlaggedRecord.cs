using Fleet.Domain.Positions.Reconciliation;
using Fleet.Domain.Records;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Logbook;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using NodaTime;

namespace Fleet.Projections.Compliance;

/// <summary>What a compliance flag is about. Members are only ever added: stored records refer to them.</summary>
public enum FlaggedSubject
{
    /// <summary>A driven trip, as its logbook line records it.</summary>
    LogbookLine,

    /// <summary>An emergency trip that went ahead without approval, as its unit head's review stands.</summary>
    EmergencyReview,

    /// <summary>A correction of a car's odometer.</summary>
    OdometerCorrection,

    /// <summary>A trip's track, as its latest reconciliation found it.</summary>
    TripTrack,

    /// <summary>A car's local day, as its latest reconciliation found it (the record's id is <see cref="TrackFlags.DayId"/>).</summary>
    VehicleDay,

    /// <summary>A record from outside (fuel card, ETC, parking), as its latest check found it.</summary>
    OutsideRecord,

    /// <summary>A trip's records from outside summed against what was declared, as the latest check found them.</summary>
    TripRecords,
}

/// <summary>
/// One record that carries compliance flags, with the moment that places it in a period and its flags as bits: what
/// the compliance report counts and pages through without reading every line of the period (a year of a large pool
/// is a hundred thousand lines). The flags' evidence is read from the records themselves, a page at a time. Kept by
/// <see cref="FlaggedRecordsProjection"/>.
/// </summary>
public sealed class FlaggedRecord
{
    /// <summary><c>LogbookLine:{trip}</c>, <c>EmergencyReview:{trip}</c> or <c>OdometerCorrection:{event}</c>: one trip may carry both of its kinds.</summary>
    public string Id { get; set; } = "";

    /// <summary>Where the record falls: a line when the car left, a review at the trip's planned start, a correction when it was made.</summary>
    public Instant At { get; set; }

    /// <summary>One bit for each <see cref="ComplianceFlagKind"/> it carries.</summary>
    public int Kinds { get; set; }

    /// <summary>A correction's own facts: its event is not found again by id without reading the whole store.</summary>
    public OdometerCorrection? Correction { get; set; }

    /// <summary>A reconciliation's findings, shown from the record: the event is not found again by id without reading the whole store.</summary>
    public ReconciledTrack? Track { get; set; }

    /// <summary>A check of records from outside: its findings, shown from the record as a reconciliation's are.</summary>
    public IReadOnlyList<RecordFinding>? Findings { get; set; }

    /// <summary>The trip a record's check is about, if any.</summary>
    public Guid? TripId { get; set; }

    /// <summary>The unit the trip was for, so that a supervisor can ask for one unit's flags; none for a correction.</summary>
    public string? UnitCode { get; set; }

    /// <summary>The car's plate and the dispatch order as printed, what a supervisor searches the flags by.</summary>
    public string? Plate { get; set; }

    public string? OrderNumber { get; set; }

    /// <summary>What a supervisor filters and searches by, copied onto the record when it is written.</summary>
    public FlaggedRecord About(string? unitCode, string? plate, string? orderNumber)
    {
        (UnitCode, Plate, OrderNumber) = (unitCode, plate, orderNumber);
        return this;
    }

    public static string IdOf(FlaggedSubject subject, Guid subjectId) => $"{subject}:{subjectId}";

    /// <summary>What a record's id names: the kind of record, and the trip or the correction's event.</summary>
    public static (FlaggedSubject Subject, Guid SubjectId) SubjectOf(string id) =>
        (Enum.Parse<FlaggedSubject>(id[..id.IndexOf(':')]), Guid.Parse(id[(id.IndexOf(':') + 1)..]));

    public static int Bit(ComplianceFlagKind kind) => 1 << (int)kind;

    public static IEnumerable<ComplianceFlagKind> KindsIn(int bits) => Enum.GetValues<ComplianceFlagKind>().Where(k => (bits & Bit(k)) != 0);

    /// <summary>None when there is nothing to flag.</summary>
    public static FlaggedRecord? Of(FlaggedSubject subject, Guid subjectId, Instant at, IEnumerable<ComplianceFlagKind> kinds, OdometerCorrection? correction = null,
        ReconciledTrack? track = null)
    {
        var bits = kinds.Aggregate(0, (all, kind) => all | Bit(kind));
        return bits == 0 ? null : new FlaggedRecord { Id = IdOf(subject, subjectId), At = at, Kinds = bits, Correction = correction, Track = track };
    }
}

/// <summary>
/// Keeps a <see cref="FlaggedRecord"/> for everything compliance flags, by the rules of <see cref="ComplianceFlags"/>.
/// A trip's facts come from its document, kept inline and so already holding every event the daemon hands over; a
/// line's flags only ever grow (a car that left late has left late), so a line is written once it carries one.
/// An emergency's flag goes when its unit head finds it justified.
/// </summary>
/// <remarks>
/// Its version is raised whenever what a record holds changes, so that an existing database is brought up to date by
/// itself (ADR 009): the new version is a shard of its own, with no progress yet, which the daemon of one node reads from
/// the first event, writing every record again over the old one; once done, its progress row says so and no start reads
/// it again. Version 2: records carry the unit, plate and order number a supervisor filters and searches by. Version 3:
/// a trip on a public holiday is outside working hours and one on a make-up working day is not, by the city's calendar.
/// A calendar published or corrected later changes the records of the trips that come after it; older records follow it
/// when the version is next raised. Version 4: flags of records from outside carry the trip's unit and order number.
/// </remarks>
[ProjectionVersion(Version)]
public sealed class FlaggedRecordsProjection(DateTimeZone zone) : IProjection
{
    public const string Name = "FlaggedRecords";

    public const uint Version = 4;

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var pool in events.Where(Matters).GroupBy(e => e.TenantId))
        {
            var tenant = operations.ForTenant(pool.Key);
            var tripIds = pool.Where(e => e.Data is not (TripImported or OdometerCorrected or VehicleDayReconciled or OutsideRecordChecked or TripRecordsChecked))
                .Select(e => e.StreamId).Distinct().ToList();
            var trips = tripIds.Count == 0 ? [] : await tenant.LoadManyAsync<Trip>(cancellation, tripIds);
            var imported = pool.Select(e => e.Data).OfType<TripImported>().ToList();
            var policies = trips.Any(t => t.StartedAt is not null) || imported.Count > 0
                ? await WorkingHours.OfPoolAsync(tenant, cancellation)
                : new Dictionary<int, WorkingHours>();
            var reviewed = pool.Where(e => e.Data is EmergencyTripReviewed).Select(e => e.StreamId).ToHashSet();

            var records = new List<FlaggedRecord?>();
            foreach (var trip in trips)
            {
                if (LineFacts.Of(trip) is { } line) records.Add(LineRecord(trip.Id, line, policies)?.About(trip.UnitCode, trip.Assignment?.Plate, trip.Order?.Text));
                if (ComplianceFlags.ReviewKindOf(trip) is { } review)
                    records.Add(FlaggedRecord.Of(FlaggedSubject.EmergencyReview, trip.Id, trip.Details.Start, [review])
                        ?.About(trip.UnitCode, trip.Assignment?.Plate, trip.Order?.Text));
                else if (reviewed.Contains(trip.Id)) tenant.Delete<FlaggedRecord>(FlaggedRecord.IdOf(FlaggedSubject.EmergencyReview, trip.Id));
            }

            records.AddRange(imported.Select(e => LineRecord(e.TripId, LineFacts.Of(LogbookEntryProjection.Create(e))!, policies)?.About(e.Unit, e.Plate, e.OrderNumber)));
            var turnedBack = pool.Where(e => e.Data is OdometerCorrected c && ComplianceFlags.TurnsBack(c.From.Metres, c.To.Metres)).ToList();
            var plates = turnedBack.Count == 0 ? new Dictionary<Guid, string>()
                : (await tenant.LoadManyAsync<Vehicle>(cancellation, turnedBack.Select(e => ((OdometerCorrected)e.Data).VehicleId).Distinct()))
                .ToDictionary(v => v.Id, v => v.Plate);
            records.AddRange(turnedBack.Select(e =>
            {
                var c = (OdometerCorrected)e.Data;
                return FlaggedRecord.Of(FlaggedSubject.OdometerCorrection, e.Id, c.CorrectedAt, [ComplianceFlagKind.OdometerTurnedBack],
                    new OdometerCorrection(c.VehicleId, "", c.From.Metres, c.To.Metres, c.Reason, c.CorrectedAt))?.About(null, plates.GetValueOrDefault(c.VehicleId), null);
            }));

            records.AddRange(await TrackRecordsAsync(tenant, pool.ToList(), trips, cancellation));
            records.AddRange(await RecordFlags.RecordsAsync(tenant, pool.ToList(), trips, cancellation));

            var flagged = records.OfType<FlaggedRecord>().ToArray();
            if (flagged.Length > 0) tenant.Store(flagged);
        }
    }

    /// <summary>
    /// The latest reconciliation of each trip and car-day in the page: its record replaces the one before, and goes when
    /// the latest check found nothing (the thresholds were widened). A trip's record falls on its departure, a day's on
    /// its first finding.
    /// </summary>
    private static async Task<IEnumerable<FlaggedRecord?>> TrackRecordsAsync(IDocumentOperations tenant, IReadOnlyList<IEvent> events, IReadOnlyList<Trip> trips,
        CancellationToken cancellation)
    {
        var ofTrips = events.Select(e => e.Data).OfType<TripTrackReconciled>().GroupBy(e => e.TripId).Select(g => g.Last()).ToList();
        var ofDays = events.Select(e => e.Data).OfType<VehicleDayReconciled>().GroupBy(e => (e.VehicleId, e.Day)).Select(g => g.Last()).ToList();
        if (ofTrips.Count == 0 && ofDays.Count == 0) return [];

        var plates = (await tenant.LoadManyAsync<Vehicle>(cancellation, ofDays.Select(d => d.VehicleId).Distinct())).ToDictionary(v => v.Id, v => v.Plate);
        var records = new List<FlaggedRecord?>();
        foreach (var e in ofTrips)
        {
            var trip = trips.FirstOrDefault(t => t.Id == e.TripId);
            var record = FlaggedRecord.Of(FlaggedSubject.TripTrack, e.TripId, trip?.StartedAt ?? e.Findings.FirstOrDefault()?.From ?? e.At,
                e.Findings.Select(f => TrackFlags.KindOf(f.Kind)), track: ReconciledTrack.From(e))?.About(trip?.UnitCode, trip?.Assignment?.Plate, trip?.Order?.Text);
            if (record is null) tenant.Delete<FlaggedRecord>(FlaggedRecord.IdOf(FlaggedSubject.TripTrack, e.TripId));
            records.Add(record);
        }

        foreach (var e in ofDays)
        {
            var id = TrackFlags.DayId(e.VehicleId, e.Day);
            var record = FlaggedRecord.Of(FlaggedSubject.VehicleDay, id, e.Findings.FirstOrDefault()?.From ?? e.At, e.Findings.Select(f => TrackFlags.KindOf(f.Kind)),
                track: ReconciledTrack.From(e))?.About(null, plates.GetValueOrDefault(e.VehicleId), null);
            if (record is null) tenant.Delete<FlaggedRecord>(FlaggedRecord.IdOf(FlaggedSubject.VehicleDay, id));
            records.Add(record);
        }

        return records;
    }

    private FlaggedRecord? LineRecord(Guid tripId, LineFacts line, IReadOnlyDictionary<int, WorkingHours> policies) =>
        FlaggedRecord.Of(FlaggedSubject.LogbookLine, tripId, line.DepartedAt, ComplianceFlags.KindsOf(line, policies, zone));

    /// <summary>The events after which a record's flags may differ.</summary>
    private static bool Matters(IEvent e) => e.Data is TripStarted or TripFinished or TripStartOverdue or TripReturnOverdue or TripOdometerGapRecorded
        or TripDisputed or TripRequestAmended or EmergencyTripFlaggedForReview or EmergencyTripReviewed or TripImported or OdometerCorrected
        or TripTrackReconciled or VehicleDayReconciled or OutsideRecordChecked or TripRecordsChecked;
}
