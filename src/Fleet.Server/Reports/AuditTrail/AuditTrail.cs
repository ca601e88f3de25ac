using Fleet.Domain.People;
using JasperFx.Events;

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

/// <summary>What one person did, or what anybody did, between two moments.</summary>
public sealed record SearchAuditTrail(Guid? Actor = null, string? From = null, string? To = null, int? Page = null, int? PageSize = null)
    : Query<Page<AuditEntry>>;

public static class AuditEndpoints
{
    private const string Auditors = $"{nameof(Role.Supervisor)},{nameof(Role.FleetAdmin)}";

    [WolverineGet("/api/audit/streams/{id}", OperationId = "GetAuditTrailOfRecord"), Tags("Audit")]
    [Authorize(Roles = Auditors)]
    public static Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> Record(Guid id, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetAuditTrailOfRecord(id), http);

    /// <summary><c>?actor=&lt;user id&gt;&amp;from=…&amp;to=…</c></summary>
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
        var events = await Scoped(session, asked.By).Where(e => e.StreamId == asked.StreamId).OrderBy(e => e.Sequence).Take(10_000).ToListAsync(cancellation);
        if (events.Count == 0)
            return Outcome<IReadOnlyList<AuditEntry>>.Refused(Problem.NotFound("audit.record_not_found", "Nothing was recorded for {0}.", asked.StreamId));
        return Outcome<IReadOnlyList<AuditEntry>>.Of(await EntriesAsync(session, events, cancellation));
    }

    public static async Task<Outcome<Page<AuditEntry>>> Handle(SearchAuditTrail asked, IQuerySession session, CancellationToken cancellation)
    {
        var (paging, pagingProblems) = Paging.Parse(asked.Page, asked.PageSize, null, ["sequence"], "sequence");
        var problems = pagingProblems.ToList();
        var start = QueryCalendar.Moment(asked.From, "from", problems, required: false);
        var end = QueryCalendar.Moment(asked.To, "to", problems, required: false);
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
        var events = await query.OrderBy(x => x.Sequence).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellation);
        return new Page<AuditEntry>(await EntriesAsync(session, events, cancellation), paging.PageNumber, paging.PageSize, total);
    }

    private static IQueryable<IEvent> Scoped(IQuerySession session, Actor actor) =>
        actor.SeesWholeCity ? session.Events.QueryAllRawEvents().Where(e => e.AnyTenant()) : session.Events.QueryAllRawEvents();

    /// <summary>Actors are stored by id; the login name is looked up so that a reader recognises them.</summary>
    private static async Task<IReadOnlyList<AuditEntry>> EntriesAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var ids = events.Select(e => Guid.TryParse(e.UserName, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        var logins = ids.Count == 0
            ? new Dictionary<string, string>()
            : (await session.Query<User>().Where(u => u.AnyTenant() && u.Id.IsOneOf(ids)).ToListAsync(cancellation))
                .DistinctBy(u => u.Id).ToDictionary(u => u.Id.ToString(), u => u.LoginName);

        return events.Select(e => new AuditEntry(e.Sequence, e.StreamId, e.Version, e.EventTypeName, Instant.FromDateTimeOffset(e.Timestamp),
            e.TenantId, e.UserName, e.UserName is { } u ? logins.GetValueOrDefault(u) : null,
            e.Headers?.TryGetValue(CommandSession.RoleHeader, out var roles) == true ? roles?.ToString() : null,
            e.CorrelationId, e.CausationId, e.Data)).ToList();
    }
}
