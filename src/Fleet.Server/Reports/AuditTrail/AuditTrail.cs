using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using JasperFx.Events;
using NodaTime.Text;

namespace Fleet.Server.Reports.AuditTrail;

/// <summary>
/// One stored event as an auditor reads it: what happened (type and data), to which record (stream and version),
/// in which pool, when, by whom in which role, and as part of which request (correlation and causation).
/// </summary>
public sealed record AuditEntry(
    long Sequence,
    Guid StreamId,
    long Version,
    string Type,
    Instant At,
    string Pool,
    string? UserId,
    string? LoginName,
    string? Roles,
    string? CorrelationId,
    string? CausationId,
    object Data);

/// <summary>
/// The audit trail, read straight from the event store — nothing here can be edited, so nothing here can be
/// smoothed over. Fleet admins and supervisors see their pool; a city supervisor sees every pool.
/// </summary>
/// <summary>Everything that happened to one trip, vehicle, driver, user or organisation, in order.</summary>
public sealed record GetAuditTrailOfRecord(Guid StreamId) : Query<IReadOnlyList<AuditEntry>>;

/// <summary>
/// What one person did, or what anybody did, between two moments, newest first. Each bound is a moment with its offset or
/// a day of the city's calendar: <c>from=2026-12-01&amp;to=2026-12-03</c> holds the whole of both days.
/// </summary>
public sealed record SearchAuditTrail(Guid? Actor = null, string? From = null, string? To = null, int? Page = null, int? PageSize = null)
    : Query<Page<AuditEntry>>;

public static class AuditEndpoints
{
    private const string Auditors = $"{nameof(Role.Supervisor)},{nameof(Role.FleetAdmin)}";

    [WolverineGet("/api/audit/streams/{id}", OperationId = "GetAuditTrailOfRecord"), Tags("Audit")]
    [Authorize(Roles = Auditors)]
    public static Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> Record(Guid id, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetAuditTrailOfRecord(id), http);

    /// <summary><c>?actor=&lt;user id&gt;&amp;from=…&amp;to=…</c>: moments (2026-12-03T08:00:00+08:00) or days (2026-12-03, the whole day).</summary>
    [WolverineGet("/api/audit/events", OperationId = "SearchAuditTrail"), Tags("Audit")]
    [Authorize(Roles = Auditors)]
    public static Task<Results<Ok<Page<AuditEntry>>, ProblemHttpResult>> Search(Guid? actor, string? from, string? to, int? page, int? pageSize,
        HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new SearchAuditTrail(actor, from, to, page, pageSize), http);
}

public static class AuditTrailHandler
{
    public static async Task<Outcome<IReadOnlyList<AuditEntry>>> Handle(GetAuditTrailOfRecord asked, IQuerySession session, CancellationToken cancellation)
    {
        var events = await (await OfRecordAsync(session, asked.By, asked.StreamId, cancellation)).OrderBy(e => e.Sequence).Take(10_000)
            .ToListAsync(cancellation);
        if (events.Count == 0)
            return Outcome<IReadOnlyList<AuditEntry>>.Refused(Problem.NotFound("audit.record_not_found", "Nothing was recorded for {0}.", asked.StreamId));
        return Outcome<IReadOnlyList<AuditEntry>>.Of(await EntriesAsync(session, events, cancellation));
    }

    public static async Task<Outcome<Page<AuditEntry>>> Handle(SearchAuditTrail asked, IQuerySession session, DateTimeZone zone,
        CancellationToken cancellation)
    {
        var (paging, pagingProblems) = Paging.Parse(asked.Page, asked.PageSize, null, ["sequence"], "sequence");
        var problems = pagingProblems.ToList();
        var start = Bound(asked.From, "from", zone, problems, dayEnds: false);
        var end = Bound(asked.To, "to", zone, problems, dayEnds: true);
        if (start is { } s && end is { } e && e <= s)
            problems.Add(Problem.Invalid("audit.range_invalid", "to", "The end of the range must come after its start."));
        if (paging is null || problems.Count > 0) return Outcome<Page<AuditEntry>>.Refused(problems);

        var query = Scoped(session, asked.By);
        if (asked.Actor is { } who)
        {
            var name = who.ToString();
            query = query.Where(x => x.UserName == name);
        }

        if (start?.ToDateTimeOffset() is { } after) query = query.Where(x => x.Timestamp >= after);
        if (end?.ToDateTimeOffset() is { } before) query = query.Where(x => x.Timestamp < before);

        // Marten pages events without its query statistics: counted and sliced by hand.
        var total = await query.CountAsync(cancellation);
        // By the moment each event was recorded: imported and generated history is stored in another order than it happened.
        var events = await query.OrderByDescending(x => x.Timestamp).ThenByDescending(x => x.Sequence)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellation);
        return new Page<AuditEntry>(await EntriesAsync(session, events, cancellation), paging.PageNumber, paging.PageSize, total);
    }

    /// <summary>A day stands for its first moment as a start and for the first moment after it as an end, in the city's zone.</summary>
    private static Instant? Bound(string? text, string field, DateTimeZone zone, List<Problem> problems, bool dayEnds)
    {
        if (text is { Length: > 0 } && LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } day)
        {
            var dayProblems = new List<Problem>();
            if (QueryCalendar.Day(text, field, "audit.day_invalid", dayProblems) is { } held)
                return (dayEnds ? held.PlusDays(1) : held).AtStartOfDayInZone(zone).ToInstant();
            problems.AddRange(dayProblems);
            return null;
        }

        return QueryCalendar.Moment(text, field, problems, required: false);
    }

    /// <summary>
    /// A record's events. The store finds a stream's events by pool and stream (its unique index leads with the pool): asked
    /// across every pool without naming them, it would read the whole store, so the city's supervisor names the city's pools.
    /// </summary>
    private static async Task<IQueryable<IEvent>> OfRecordAsync(IQuerySession session, Actor actor, Guid streamId, CancellationToken cancellation)
    {
        if (!actor.SeesWholeCity) return session.Events.QueryAllRawEvents().Where(e => e.StreamId == streamId);
        var pools = (await session.Query<Organisation>().Where(o => o.InCity() && o.Code == o.Pool).Select(o => o.Code).ToListAsync(cancellation))
            .Distinct().ToArray();
        return session.Events.QueryAllRawEvents().Where(e => e.TenantIsOneOf(pools) && e.StreamId == streamId);
    }

    /// <summary>What happened, without the vacant numbers failed saves left (Marten's empty tombstones): nobody did those.</summary>
    private static IQueryable<IEvent> Scoped(IQuerySession session, Actor actor) =>
        (actor.SeesWholeCity ? session.Events.QueryAllRawEvents().Where(e => e.InCity()) : session.Events.QueryAllRawEvents())
        .Where(e => e.EventTypeName != Integrity.AuditChain.TombstoneType);

    /// <summary>Actors are stored by id; the login name is looked up so that a reader recognises them.</summary>
    private static async Task<IReadOnlyList<AuditEntry>> EntriesAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var ids = events.Select(e => Guid.TryParse(e.UserName, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        var logins = ids.Count == 0
            ? new Dictionary<string, string>()
            : (await session.Query<User>().Where(u => u.InCity() && u.Id.IsOneOf(ids)).ToListAsync(cancellation))
                .DistinctBy(u => u.Id).ToDictionary(u => u.Id.ToString(), u => u.LoginName);

        return events.Select(e => new AuditEntry(e.Sequence, e.StreamId, e.Version, e.EventTypeName, Instant.FromDateTimeOffset(e.Timestamp),
            e.TenantId, e.UserName, e.UserName is { } u ? logins.GetValueOrDefault(u) : null,
            e.Headers?.TryGetValue(CommandSession.RoleHeader, out var roles) == true ? roles?.ToString() : null,
            e.CorrelationId, e.CausationId, e.Data)).ToList();
    }
}
