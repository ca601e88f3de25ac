using System.Globalization;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Logbook;
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

/// <summary>The working hours a policy version set, as far as compliance needs them.</summary>
public sealed record WorkingHours(int PolicyVersion, LocalTime Start, LocalTime End, IReadOnlySet<IsoDayOfWeek> Days);

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

        foreach (var e in entries.Where(e => e.DepartedAt is not null))
        {
            ComplianceFlag Flag(ComplianceFlagKind kind, Instant at, params (string Key, string Value)[] evidence) =>
                new(kind, at, e.Id, e.OrderNumber, e.VehicleId, e.Plate, e.UnitCode, evidence.ToDictionary(x => x.Key, x => x.Value));

            var departed = e.DepartedAt!.Value;
            var back = e.ReturnedAt;
            if (e.Urgency != TripUrgency.Emergency && policies.TryGetValue(e.PolicyVersion, out var hours) && Outside(departed, back ?? departed, hours, zone))
                flags.Add(Flag(ComplianceFlagKind.OutsideWorkingHours, departed, ("departed", Time(departed)), ("returned", back is { } b ? Time(b) : ""),
                    ("workingHours", $"{hours.Start:HH:mm}-{hours.End:HH:mm}"), ("policyVersion", hours.PolicyVersion.ToString(CultureInfo.InvariantCulture))));

            if (departed < e.PlannedStart - WindowTolerance || back > e.PlannedEnd + WindowTolerance)
                flags.Add(Flag(ComplianceFlagKind.BeyondApprovedWindow, departed, ("approvedFrom", Time(e.PlannedStart)), ("approvedUntil", Time(e.PlannedEnd)),
                    ("departed", Time(departed)), ("returned", back is { } r ? Time(r) : "")));

            if (e.ReturnOverdue)
                flags.Add(Flag(ComplianceFlagKind.NotReturnedOnTime, e.PlannedEnd, ("approvedUntil", Time(e.PlannedEnd)), ("returned", back is { } r2 ? Time(r2) : "")));

            if (e.StartOverdue)
                flags.Add(Flag(ComplianceFlagKind.LateStart, e.PlannedStart, ("approvedFrom", Time(e.PlannedStart)), ("departed", Time(departed))));

            if (e is { OdometerGap: true, OdometerLastRecordedMetres: { } last, OdometerOutMetres: { } outReading })
                flags.Add(Flag(ComplianceFlagKind.OdometerGap, departed, ("lastRecordedKm", Km(last)), ("departureKm", Km(outReading)),
                    ("unexplainedKm", Km(outReading - last))));

            if (e is { Imported: true, OrderNumber: null })
                flags.Add(Flag(ComplianceFlagKind.ImportedWithoutDispatchOrder, departed, ("importedFrom", e.ImportedFrom ?? ""),
                    ("departed", Time(departed)), ("returned", back is { } r3 ? Time(r3) : "")));

            if (e.Disputed)
                flags.Add(Flag(ComplianceFlagKind.DisputedByRequester, back ?? departed, ("items", string.Join(",", e.DisputedItems)),
                    ("details", e.DisputeDetails ?? "")));
        }

        foreach (var c in corrections.Where(c => c.ToMetres < c.FromMetres))
            flags.Add(new ComplianceFlag(ComplianceFlagKind.OdometerTurnedBack, c.At, null, null, c.VehicleId, c.Plate, null,
                new Dictionary<string, string> { ["fromKm"] = Km(c.FromMetres), ["toKm"] = Km(c.ToMetres), ["reason"] = c.Reason }));

        foreach (var t in emergencies.Where(t => t.FlaggedForReview && t.ReviewOutcome is null or EmergencyReviewOutcome.NotJustified))
            flags.Add(new ComplianceFlag(t.ReviewOutcome is null ? ComplianceFlagKind.EmergencyNotReviewed : ComplianceFlagKind.EmergencyNotJustified,
                t.Details.Start, t.Id, t.Order?.Text, t.Assignment?.VehicleId, t.Assignment?.Plate, t.UnitCode,
                new Dictionary<string, string> { ["purpose"] = t.Details.PurposeText, ["start"] = Time(t.Details.Start), ["end"] = Time(t.Details.End) }));

        return flags.OrderBy(f => f.At).ThenBy(f => f.Kind).ToList();
    }

    /// <summary>Any part of the trip on a day off, or before the working day starts, or after it ends.</summary>
    private static bool Outside(Instant departed, Instant back, WorkingHours hours, DateTimeZone zone)
    {
        var start = departed.InZone(zone).LocalDateTime;
        var end = back.InZone(zone).LocalDateTime;
        return !hours.Days.Contains(start.DayOfWeek) || !hours.Days.Contains(end.DayOfWeek) || start.Date != end.Date
               || start.TimeOfDay < hours.Start || end.TimeOfDay > hours.End;
    }

    private static string Km(long metres) => (metres / 1000m).ToString("0.0", CultureInfo.InvariantCulture);
}
