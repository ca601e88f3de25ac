using System.Globalization;
using Fleet.Domain.Calendar;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Calendar;
using Fleet.Projections.Logbook;
using Fleet.Projections.Trips;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Fleet.Projections.Compliance;

/// <summary>What a supervisor should look into. Members are only ever added: reports and filters refer to them.</summary>
public enum ComplianceFlagKind
{
    /// <summary>Driven outside the working hours or on a day off of the policy that approved it, without emergency urgency.</summary>
    OutsideWorkingHours,

    /// <summary>The car left before, or came back after, the approved window (beyond the tolerance).</summary>
    BeyondApprovedWindow,

    /// <summary>The car was not back at base some hours after the trip's planned end.</summary>
    NotReturnedOnTime,

    /// <summary>The car had not left half an hour after the planned start.</summary>
    LateStart,

    /// <summary>The odometer at departure was higher than the car's last reading: kilometres without a trip on record.</summary>
    OdometerGap,

    /// <summary>A correction lowered a car's recorded odometer.</summary>
    OdometerTurnedBack,

    /// <summary>The requester disputed the recorded times, odometer or costs.</summary>
    DisputedByRequester,

    /// <summary>An emergency trip went ahead without approval and its unit head has not reviewed it yet.</summary>
    EmergencyNotReviewed,

    /// <summary>The unit head found that an emergency trip should have waited for approval.</summary>
    EmergencyNotJustified,

    /// <summary>A trip taken from a paper logbook names no dispatch order: nobody can show it was dispatched.</summary>
    ImportedWithoutDispatchOrder,

    // What a car's track shows against its trips (docs/positions/reconciliation.md), one for each FindingKind.

    /// <summary>The odometer distance declared differs from the track by more than the tolerance.</summary>
    TrackDistanceMismatch,

    /// <summary>The track shows the car away from base before the approved start or after the approved end, beyond the slack.</summary>
    AwayFromBaseOutsideWindow,

    /// <summary>A trip not approved to leave the region was tracked outside the approved area.</summary>
    LeftApprovedArea,

    /// <summary>The car stayed in a supervisor's geofence for at least the minimum dwell.</summary>
    GeofenceDwell,

    /// <summary>The terminal was silent during a trip, or with the ignition on.</summary>
    TerminalSilent,

    /// <summary>The car drove with no trip covering the drive.</summary>
    MovementWithoutTrip,

    /// <summary>The car drove at night with no trip covering the drive.</summary>
    MovementAtNight,

    /// <summary>The car drove on a rest day with no trip covering the drive.</summary>
    MovementOnRestDay,

    /// <summary>At the overnight check the car, not on a trip, was not at its base.</summary>
    NotBackOvernight,

    /// <summary>The car drove on a day its pool had sealed the cars for a holiday, with no trip covering the drive.</summary>
    MovementWhileSealed,

    // What the records from outside show against the trips (docs/records.md), one for each RecordFindingKind.

    /// <summary>Fuel bought with the car's card on a day the car made no trip.</summary>
    FuelWithoutTrip,

    /// <summary>More litres in one purchase than the car's tank holds.</summary>
    FuelOverTank,

    /// <summary>More litres bought during a trip than its distance needs at the car's consumption.</summary>
    FuelOverDistance,

    /// <summary>A toll charged when no trip of the car was under way.</summary>
    TollOutsideTrip,

    /// <summary>Parking charged when no trip of the car was under way.</summary>
    ParkingOutsideTrip,

    /// <summary>The tolls declared at the end of a trip differ from the ETC records.</summary>
    DeclaredTollsDiffer,

    /// <summary>The parking declared differs from the parking records.</summary>
    DeclaredParkingDiffer,

    /// <summary>The fuel declared differs from the fuel-card records.</summary>
    DeclaredFuelDiffer,
}

/// <summary>One finding, with the facts it rests on, so that nobody has to take the flag on trust.</summary>
public sealed record ComplianceFlag(
    ComplianceFlagKind Kind,
    Instant At,
    Guid? TripId,
    string? OrderNumber,
    Guid? VehicleId,
    string? Plate,
    string? UnitCode,
    IReadOnlyDictionary<string, string> Evidence);

/// <summary>An odometer correction as the vehicle's stream recorded it.</summary>
public sealed record OdometerCorrection(Guid VehicleId, string Plate, long FromMetres, long ToMetres, string Reason, Instant At);

/// <summary>
/// The working hours a policy version set, as far as compliance needs them, on the days the city's working calendar
/// says are worked: never a public holiday, always a make-up working day, otherwise the policy's days of the week.
/// </summary>
public sealed record WorkingHours(int PolicyVersion, LocalTime Start, LocalTime End, IReadOnlySet<IsoDayOfWeek> Days, WorkingCalendar? Calendar = null)
{
    /// <summary>
    /// Every version a pool's policy ever had, from its stream's changes: a trip is judged by the working hours that
    /// approved it. A pool that never changed its policy works under the default one.
    /// </summary>
    public static IReadOnlyDictionary<int, WorkingHours> ByVersion(IEnumerable<PolicyChanged> changes, WorkingCalendar? calendar = null) =>
        changes.Select(ApprovalPolicy.From).Prepend(ApprovalPolicy.Default).GroupBy(p => p.Version)
            .ToDictionary(g => g.Key, g => new WorkingHours(g.Key, g.Last().WorkdayStart, g.Last().WorkdayEnd, g.Last().Workdays, calendar));

    /// <summary>The versions of the pool the session reads, from its policy stream, with the city's calendar as published now.</summary>
    public static async Task<IReadOnlyDictionary<int, WorkingHours>> OfPoolAsync(IQuerySession session, CancellationToken cancellation)
    {
        var changes = (await session.Events.FetchStreamAsync(CurrentApprovalPolicy.StreamId, token: cancellation)).Select(e => e.Data).OfType<PolicyChanged>();
        var years = await session.Query<PublishedCalendarYear>().Where(y => y.InCity()).ToListAsync(cancellation);
        return ByVersion(changes, new WorkingCalendar(years.Select(y => y.ToYear())));
    }

    /// <summary>
    /// Whether the day has working hours. A day of a year without a calendar goes by the policy's days of the week: the
    /// calendar page and the reports say which years have none.
    /// </summary>
    public bool IsWorked(LocalDate day) => (Calendar ?? WorkingCalendar.None).IsWorkday(day, Days);
}

/// <summary>
/// What a driven trip's flags rest on, read alike from its logbook line (for the evidence) and from its trip (to
/// count them): one set of rules for both.
/// </summary>
public sealed record LineFacts(Instant DepartedAt, Instant? ReturnedAt, TripUrgency Urgency, int PolicyVersion, Instant PlannedStart,
    Instant PlannedEnd, bool StartOverdue, bool ReturnOverdue, bool OdometerGap, bool Imported, bool HasOrder, bool Disputed)
{
    /// <summary>None for a trip that has not left: nothing about it can be flagged yet.</summary>
    public static LineFacts? Of(LogbookEntry e) => e.DepartedAt is { } departed
        ? new(departed, e.ReturnedAt, e.Urgency, e.PolicyVersion, e.PlannedStart, e.PlannedEnd, e.StartOverdue, e.ReturnOverdue,
            e is { OdometerGap: true, OdometerLastRecordedMetres: not null, OdometerOutMetres: not null }, e.Imported, e.OrderNumber is not null, e.Disputed)
        : null;

    public static LineFacts? Of(Trip t) => t.StartedAt is { } departed
        ? new(departed, t.ReturnedAt, t.Details.Urgency, t.PolicyVersion, t.Details.Start, t.Details.End, t.StartOverdue, t.ReturnOverdue,
            t.OdometerGap, Imported: false, t.Order is not null, t.Disputed)
        : null;
}

/// <summary>
/// Finds the month's compliance problems in what the logbook and the event store already hold. Every flag names
/// its trip or car and quotes the readings, times or words behind it.
/// </summary>
public static class ComplianceFlags
{
    /// <summary>Traffic makes a quarter of an hour either side of the approved window normal.</summary>
    public static readonly Duration WindowTolerance = Duration.FromMinutes(15);

    private static readonly LocalDateTimePattern Local = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    public static IReadOnlyList<ComplianceFlag> Find(IReadOnlyList<LogbookEntry> entries, IReadOnlyList<Trip> emergencies,
        IReadOnlyList<OdometerCorrection> corrections, IReadOnlyDictionary<int, WorkingHours> policies, DateTimeZone zone)
    {
        var flags = new List<ComplianceFlag>();
        string Time(Instant at) => Local.Format(at.InZone(zone).LocalDateTime);

        foreach (var e in entries)
        {
            if (LineFacts.Of(e) is not { } line) continue;
            ComplianceFlag Flag(ComplianceFlagKind kind, Instant at, params (string Key, string Value)[] evidence) =>
                new(kind, at, e.Id, e.OrderNumber, e.VehicleId, e.Plate, e.UnitCode, evidence.ToDictionary(x => x.Key, x => x.Value));

            var departed = line.DepartedAt;
            var back = e.ReturnedAt is { } r ? Time(r) : "";
            foreach (var kind in KindsOf(line, policies, zone))
                flags.Add(kind switch
                {
                    ComplianceFlagKind.OutsideWorkingHours => Flag(kind, departed, ("departed", Time(departed)), ("returned", back),
                        ("workingHours", $"{policies[e.PolicyVersion].Start:HH:mm}-{policies[e.PolicyVersion].End:HH:mm}"),
                        ("policyVersion", e.PolicyVersion.ToString(CultureInfo.InvariantCulture))),
                    ComplianceFlagKind.BeyondApprovedWindow => Flag(kind, departed, ("approvedFrom", Time(e.PlannedStart)), ("approvedUntil", Time(e.PlannedEnd)),
                        ("departed", Time(departed)), ("returned", back)),
                    ComplianceFlagKind.NotReturnedOnTime => Flag(kind, e.PlannedEnd, ("approvedUntil", Time(e.PlannedEnd)), ("returned", back)),
                    ComplianceFlagKind.LateStart => Flag(kind, e.PlannedStart, ("approvedFrom", Time(e.PlannedStart)), ("departed", Time(departed))),
                    ComplianceFlagKind.OdometerGap => Flag(kind, departed, ("lastRecordedKm", Km(e.OdometerLastRecordedMetres!.Value)),
                        ("departureKm", Km(e.OdometerOutMetres!.Value)), ("unexplainedKm", Km(e.OdometerOutMetres!.Value - e.OdometerLastRecordedMetres!.Value))),
                    ComplianceFlagKind.ImportedWithoutDispatchOrder => Flag(kind, departed, ("importedFrom", e.ImportedFrom ?? ""),
                        ("departed", Time(departed)), ("returned", back)),
                    ComplianceFlagKind.DisputedByRequester => Flag(kind, e.ReturnedAt ?? departed, ("items", string.Join(",", e.DisputedItems)),
                        ("details", e.DisputeDetails ?? "")),
                    _ => throw new InvalidOperationException($"{kind} is not a flag of a logbook line."),
                });
        }

        foreach (var c in corrections.Where(c => TurnsBack(c.FromMetres, c.ToMetres)))
            flags.Add(new ComplianceFlag(ComplianceFlagKind.OdometerTurnedBack, c.At, null, null, c.VehicleId, c.Plate, null,
                new Dictionary<string, string> { ["fromKm"] = Km(c.FromMetres), ["toKm"] = Km(c.ToMetres), ["reason"] = c.Reason }));

        foreach (var t in emergencies)
            if (ReviewKindOf(t) is { } kind)
                flags.Add(new ComplianceFlag(kind, t.Details.Start, t.Id, t.Order?.Text, t.Assignment?.VehicleId, t.Assignment?.Plate, t.UnitCode,
                    new Dictionary<string, string> { ["purpose"] = t.Details.PurposeText, ["start"] = Time(t.Details.Start), ["end"] = Time(t.Details.End) }));

        return flags.OrderBy(f => f.At).ThenBy(f => f.Kind).ToList();
    }

    /// <summary>The flags a driven trip carries, in the order of <see cref="ComplianceFlagKind"/>.</summary>
    public static IEnumerable<ComplianceFlagKind> KindsOf(LineFacts line, IReadOnlyDictionary<int, WorkingHours> policies, DateTimeZone zone)
    {
        var (departed, back) = (line.DepartedAt, line.ReturnedAt);
        if (line.Urgency != TripUrgency.Emergency && policies.TryGetValue(line.PolicyVersion, out var hours) && Outside(departed, back ?? departed, hours, zone))
            yield return ComplianceFlagKind.OutsideWorkingHours;
        if (departed < line.PlannedStart - WindowTolerance || back > line.PlannedEnd + WindowTolerance) yield return ComplianceFlagKind.BeyondApprovedWindow;
        if (line.ReturnOverdue) yield return ComplianceFlagKind.NotReturnedOnTime;
        if (line.StartOverdue) yield return ComplianceFlagKind.LateStart;
        if (line.OdometerGap) yield return ComplianceFlagKind.OdometerGap;
        if (line is { Imported: true, HasOrder: false }) yield return ComplianceFlagKind.ImportedWithoutDispatchOrder;
        if (line.Disputed) yield return ComplianceFlagKind.DisputedByRequester;
    }

    /// <summary>The flag an emergency trip carries until its unit head found it justified; none for any other trip.</summary>
    public static ComplianceFlagKind? ReviewKindOf(Trip trip) => trip switch
    {
        { FlaggedForReview: true, ReviewOutcome: null } => ComplianceFlagKind.EmergencyNotReviewed,
        { FlaggedForReview: true, ReviewOutcome: EmergencyReviewOutcome.NotJustified } => ComplianceFlagKind.EmergencyNotJustified,
        _ => null,
    };

    /// <summary>A correction is flagged when it lowered the reading.</summary>
    public static bool TurnsBack(long fromMetres, long toMetres) => toMetres < fromMetres;

    /// <summary>Any part of the trip on a day off, or before the working day starts, or after it ends.</summary>
    private static bool Outside(Instant departed, Instant back, WorkingHours hours, DateTimeZone zone)
    {
        var start = departed.InZone(zone).LocalDateTime;
        var end = back.InZone(zone).LocalDateTime;
        return !hours.IsWorked(start.Date) || !hours.IsWorked(end.Date) || start.Date != end.Date
               || start.TimeOfDay < hours.Start || end.TimeOfDay > hours.End;
    }

    private static string Km(long metres) => (metres / 1000m).ToString("0.0", CultureInfo.InvariantCulture);
}
