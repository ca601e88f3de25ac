using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Compliance;
using Fleet.Projections.Logbook;
using Fleet.Projections.Reports;
using System.Text.Json;

namespace Fleet.Server.Reports.Compliance;

public sealed record PoolFlag(string Pool, ComplianceFlag Flag);

/// <summary>A period's flags counted by kind, and one page of them (of one kind, if asked) with their evidence, in the order they happened.</summary>
public sealed record ComplianceReport(string Period, IReadOnlyDictionary<ComplianceFlagKind, int> ByKind, IReadOnlyList<PoolFlag> Flags,
    int PageNumber, int PageSize, long TotalFlags)
{
    public long TotalPages => (TotalFlags + PageSize - 1) / PageSize;
}

/// <summary>
/// A period's compliance flags (<c>?period=</c> a day, a month or a year, or <c>from=</c> and <c>to=</c> its first and
/// last day; <c>kind=</c> one kind; <c>pool=</c> one district, for a supervisor of the city; <c>unit=</c> one unit's
/// trips; <c>search=</c> part of a dispatch order number or a plate; <c>page</c>, <c>pageSize</c>): a pool's for its
/// fleet admins and supervisors, every pool's for a supervisor of the city. The counts and the order come from the
/// flagged records alone; the evidence is read for the page only.
/// </summary>
public sealed record GetComplianceFlags(string? Period, string? Kind = null, int? Page = null, int? PageSize = null, string? From = null, string? To = null,
    string? Pool = null, string? Unit = null, string? Search = null) : Query<ComplianceReport>;

public static class GetComplianceFlagsEndpoint
{
    [WolverineGet("/api/compliance", OperationId = "GetComplianceFlags"), Tags("Reports")]
    [Authorize(Roles = $"{nameof(Role.Supervisor)},{nameof(Role.FleetAdmin)}")]
    public static Task<Results<Ok<ComplianceReport>, ProblemHttpResult>> Get(string? period, string? kind, int? page, int? pageSize, string? from,
        string? to, string? pool, string? unit, string? search, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetComplianceFlags(period, kind, page, pageSize, from, to, pool, unit, search), http);
}

public static class GetComplianceFlagsHandler
{
    private static readonly string[] SortKeys = ["at"];

    public static async Task<Outcome<ComplianceReport>> Handle(GetComplianceFlags asked, IDocumentStore store, IQuerySession session, DateTimeZone zone,
        CancellationToken cancellation)
    {
        var (kind, page, pageSize) = (asked.Kind, asked.Page, asked.PageSize);
        var (paging, pagingProblems) = Paging.Parse(page, pageSize, null, SortKeys, "at");
        var problems = pagingProblems.ToList();
        var wanted = Days(asked, problems);
        var only = ParseKind(kind);
        if (only.Problem is { } kindProblem) problems.Add(kindProblem);
        var search = string.IsNullOrWhiteSpace(asked.Search) ? null : asked.Search.Trim();
        if (search is { Length: > SearchMaxLength })
            problems.Add(Problem.Invalid("compliance.search_too_long", "search", "Search for at most {0} characters.", SearchMaxLength));
        if (paging is null || wanted is null || problems.Count > 0) return Outcome<ComplianceReport>.Refused(problems);

        var pools = await ReportScope.PoolsAsync(session, asked.By, cancellation);
        // Another district than the reader's is no district the reader may see: the filter finds nothing, as the API's 404s do.
        if (!string.IsNullOrWhiteSpace(asked.Pool)) pools = pools.Where(p => p == asked.Pool.Trim()).ToList();
        if (pools.Count == 0) return new ComplianceReport(wanted.Label, new Dictionary<ComplianceFlagKind, int>(), [], paging.PageNumber, paging.PageSize, 0);
        var unit = string.IsNullOrWhiteSpace(asked.Unit) ? null : asked.Unit.Trim();
        var flagged = new FlaggedRecordQuery(session, pools, wanted.In(zone), unit, search);
        var byKind = await flagged.CountAsync(cancellation);
        var onPage = await flagged.PageAsync(only.Kind, paging, cancellation);

        var evidence = new Dictionary<(string Pool, string Record, ComplianceFlagKind Kind), ComplianceFlag>();
        foreach (var pool in onPage.GroupBy(f => f.Record.Pool))
        {
            await using var poolSession = store.QuerySession(pool.Key);
            foreach (var (record, found) in await EvidenceAsync(poolSession, pool.Select(f => f.Record).DistinctBy(r => r.Id).ToList(), zone, cancellation))
                evidence[(pool.Key, record, found.Kind)] = found;
        }

        // A record whose line the daemon has not written yet has no evidence to show for a moment: it is left off the page.
        var flags = onPage.Select(f => evidence.GetValueOrDefault((f.Record.Pool, f.Record.Id, f.Kind)) is { } flag ? new PoolFlag(f.Record.Pool, flag) : null)
            .OfType<PoolFlag>().ToList();
        return new ComplianceReport(wanted.Label, byKind, flags, paging.PageNumber, paging.PageSize,
            only.Kind is { } one ? byKind.GetValueOrDefault(one) : byKind.Values.Sum());
    }

    public const int SearchMaxLength = 100;

    /// <summary>A period as a report names it, or the days from one to another, both included.</summary>
    private static ReportPeriod? Days(GetComplianceFlags asked, List<Problem> problems)
    {
        if (asked.From is null && asked.To is null) return ReportScope.Period(asked.Period, problems);
        if (!string.IsNullOrWhiteSpace(asked.Period))
        {
            problems.Add(Problem.Invalid("compliance.period_and_days", "period", "Ask for a period or for days from one to another, not both."));
            return null;
        }

        var first = QueryCalendar.Day(asked.From, "from", "compliance.day_invalid", problems);
        var last = QueryCalendar.Day(asked.To, "to", "compliance.day_invalid", problems);
        if (string.IsNullOrWhiteSpace(asked.From)) problems.Add(Problem.Required("from"));
        if (string.IsNullOrWhiteSpace(asked.To)) problems.Add(Problem.Required("to"));
        if (first is not { } f || last is not { } l) return null;
        if (l < f)
        {
            problems.Add(Problem.Invalid("compliance.range_invalid", "to", "The last day {0} comes before the first day {1}.", l, f));
            return null;
        }

        if (!FleetCalendar.Holds(l.PlusDays(1)))
        {
            problems.Add(QueryCalendar.Outside("to", asked.To!));
            return null;
        }

        return new ReportPeriod(f == l ? ReportPeriod.Day(f).Label : $"{ReportPeriod.Day(f).Label}/{ReportPeriod.Day(l).Label}", f, l.PlusDays(1));
    }

    private static (ComplianceFlagKind? Kind, Problem? Problem) ParseKind(string? kind) =>
        kind is null ? (null, null)
        : Enum.TryParse<ComplianceFlagKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(kind, out _) ? (parsed, null)
        : (null, Problem.Invalid("compliance.kind_invalid", "kind", "'{0}' is not a kind of flag: use one of {1}.", kind.Length > 40 ? kind[..40] : kind,
            string.Join(", ", Enum.GetNames<ComplianceFlagKind>().Select(JsonNamingPolicy.CamelCase.ConvertName))));

    /// <summary>The flags of one pool's records with their evidence, read from the lines, trips and corrections themselves.</summary>
    private static async Task<IEnumerable<(string Record, ComplianceFlag Flag)>> EvidenceAsync(IQuerySession session, IReadOnlyList<FlaggedRecordQuery.Row> records,
        DateTimeZone zone, CancellationToken cancellation)
    {
        var ids = records.Select(r => FlaggedRecord.SubjectOf(r.Id)).ToLookup(r => r.Subject, r => r.SubjectId);
        var lines = ids[FlaggedSubject.LogbookLine].Any()
            ? await session.LoadManyAsync<LogbookEntry>(cancellation, ids[FlaggedSubject.LogbookLine]) : [];
        var emergencies = ids[FlaggedSubject.EmergencyReview].Any()
            ? await session.LoadManyAsync<Trip>(cancellation, ids[FlaggedSubject.EmergencyReview]) : [];
        var corrections = ids[FlaggedSubject.OdometerCorrection].Any()
            ? await CorrectionsAsync(session, ids[FlaggedSubject.OdometerCorrection], cancellation) : [];
        var policies = lines.Count > 0 ? await WorkingHours.OfPoolAsync(session, cancellation) : new Dictionary<int, WorkingHours>();
        var tracks = ids[FlaggedSubject.TripTrack].Any() || ids[FlaggedSubject.VehicleDay].Any() || ids[FlaggedSubject.OutsideRecord].Any()
                     || ids[FlaggedSubject.TripRecords].Any()
            ? await session.LoadManyAsync<FlaggedRecord>(cancellation, records.Select(r => r.Id)
                .Where(id => FlaggedRecord.SubjectOf(id).Subject is FlaggedSubject.TripTrack or FlaggedSubject.VehicleDay or FlaggedSubject.OutsideRecord
                    or FlaggedSubject.TripRecords))
            : [];

        return
        [
            .. ComplianceFlags.Find(lines, [], [], policies, zone).Select(f => (FlaggedRecord.IdOf(FlaggedSubject.LogbookLine, f.TripId!.Value), f)),
            .. ComplianceFlags.Find([], emergencies, [], policies, zone).Select(f => (FlaggedRecord.IdOf(FlaggedSubject.EmergencyReview, f.TripId!.Value), f)),
            .. corrections.SelectMany(c => ComplianceFlags.Find([], [], [c.Correction], policies, zone).Select(f => (c.Record, f))),
            .. tracks.Where(r => r.Track is not null)
                .SelectMany(r => TrackFlags.Flags(r.Track!, r.Plate, r.OrderNumber, r.UnitCode, zone).Select(f => (r.Id, f))),
            .. tracks.Where(r => r.Findings is not null).SelectMany(r => RecordFlags.Flags(r, zone).Select(f => (r.Id, f))),
        ];
    }

    private static async Task<IReadOnlyList<(string Record, OdometerCorrection Correction)>> CorrectionsAsync(IQuerySession session, IEnumerable<Guid> events,
        CancellationToken cancellation)
    {
        var records = await session.LoadManyAsync<FlaggedRecord>(cancellation, events.Select(e => FlaggedRecord.IdOf(FlaggedSubject.OdometerCorrection, e)));
        var vehicles = records.Select(r => r.Correction!.VehicleId).Distinct().ToList();
        var plates = (await session.Query<Vehicle>().Where(v => v.Id.IsOneOf(vehicles)).ToListAsync(cancellation)).ToDictionary(v => v.Id, v => v.Plate);
        return records.Select(r => (r.Id, r.Correction! with { Plate = plates.GetValueOrDefault(r.Correction!.VehicleId, "") })).ToList();
    }
}
