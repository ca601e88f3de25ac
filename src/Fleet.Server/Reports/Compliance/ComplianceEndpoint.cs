using System.Security.Claims;
using Fleet.Domain.Common;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Compliance;
using Fleet.Projections.Logbook;
using Fleet.Projections.Reports;
using Fleet.Projections.Trips;
using Fleet.Server.Infrastructure.Http;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Infrastructure.Security;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Wolverine.Http;

namespace Fleet.Server.Reports.Compliance;

public sealed record PoolFlag(string Pool, ComplianceFlag Flag);

public sealed record ComplianceReport(string Period, IReadOnlyList<PoolFlag> Flags, IReadOnlyDictionary<ComplianceFlagKind, int> ByKind);

/// <summary>
/// A period's compliance flags (<c>?period=</c> a day, a month or a year) with their evidence: a pool's for its fleet admins and supervisors, every pool's for
/// a supervisor of the city.
/// </summary>
public static class ComplianceEndpoint
{
    [WolverineGet("/api/compliance", OperationId = "GetComplianceFlags"), Tags("Reports")]
    [Authorize(Roles = $"{nameof(Role.Supervisor)},{nameof(Role.FleetAdmin)}")]
    public static async Task<Results<Ok<ComplianceReport>, ProblemHttpResult>> Get(string? period, ClaimsPrincipal user, IDocumentStore store,
        IQuerySession session, DateTimeZone zone, ProblemText text, CancellationToken cancellation)
    {
        if (ReportPeriod.Parse(period) is not { } wanted) return FleetProblems.From([ReportScope.PeriodProblem(period)], text);

        var flags = new List<PoolFlag>();
        foreach (var pool in await ReportScope.PoolsAsync(session, Actor.Of(user), cancellation))
        {
            await using var poolSession = store.QuerySession(pool);
            flags.AddRange((await FindAsync(poolSession, wanted.In(zone), zone, cancellation)).Select(f => new PoolFlag(pool, f)));
        }

        return TypedResults.Ok(new ComplianceReport(wanted.Label, flags, flags.GroupBy(f => f.Flag.Kind).ToDictionary(g => g.Key, g => g.Count())));
    }

    private static async Task<IReadOnlyList<ComplianceFlag>> FindAsync(IQuerySession session, Interval period, DateTimeZone zone, CancellationToken cancellation)
    {
        var (from, until) = (period.Start, period.End);

        // Every version the pool ever had: a trip is judged by the working hours that approved it.
        var changes = await session.Events.FetchStreamAsync(CurrentApprovalPolicy.StreamId, token: cancellation);
        var policies = changes.Select(e => e.Data).OfType<PolicyChanged>().Select(ApprovalPolicy.From).Prepend(ApprovalPolicy.Default)
            .GroupBy(p => p.Version).ToDictionary(g => g.Key, g => new WorkingHours(g.Key, g.Last().WorkdayStart, g.Last().WorkdayEnd, g.Last().Workdays));

        var entries = await LinesThatMayBeFlaggedAsync(session, period, policies.Values, zone, cancellation);
        var emergencies = await session.Query<Trip>()
            .Where(t => t.FlaggedForReview && t.Details.Start >= from && t.Details.Start < until).ToListAsync(cancellation);

        var corrected = await session.Events.QueryRawEventDataOnly<OdometerCorrected>()
            .Where(c => c.CorrectedAt >= from && c.CorrectedAt < until).ToListAsync(cancellation);
        var ids = corrected.Select(c => c.VehicleId).Distinct().ToList();
        var plates = ids.Count == 0 ? [] : (await session.Query<Vehicle>().Where(v => v.Id.IsOneOf(ids)).ToListAsync(cancellation)).ToDictionary(v => v.Id, v => v.Plate);
        var corrections = corrected.Select(c => new OdometerCorrection(c.VehicleId, plates.GetValueOrDefault(c.VehicleId, ""), c.From.Metres, c.To.Metres,
            c.Reason, c.CorrectedAt)).ToList();

        return ComplianceFlags.Find(entries, emergencies, corrections, policies, zone);
    }

    /// <summary>
    /// The period's logbook lines that could carry a flag, chosen in the database: a month of a large pool is ten
    /// thousand lines, of which a few in a hundred need a second look. The choice is wider than the flags —
    /// any working hours outside the latest start, the earliest end or the days of every policy version — and
    /// <see cref="ComplianceFlags.Find"/> decides on what it returns.
    /// </summary>
    private static async Task<IReadOnlyList<LogbookEntry>> LinesThatMayBeFlaggedAsync(IQuerySession session, Interval period,
        IEnumerable<WorkingHours> policies, DateTimeZone zone, CancellationToken cancellation)
    {
        var versions = policies.ToList();
        var latestStart = versions.Max(p => p.Start);
        var earliestEnd = versions.Min(p => p.End);
        var everyVersionsDays = versions.Select(p => p.Days.AsEnumerable()).Aggregate((a, b) => a.Intersect(b)).Select(d => (int)d).ToArray();
        string Json(string member) => $"data ->> '{JsonNamingPolicy.CamelCase.ConvertName(member)}'";
        var departed = DocumentTable.Of<LogbookEntry>(session).Column(nameof(LogbookEntry.DepartedAt));
        var back = $"coalesce(({Json(nameof(LogbookEntry.ReturnedAt))})::timestamptz, {departed})";
        var tolerance = $"interval '{(int)ComplianceFlags.WindowTolerance.TotalSeconds} seconds'";

        return await session.QueryAsync<LogbookEntry>(
            $"""
             where tenant_id = ? and {departed} >= ? and {departed} < ? and (
               ({Json(nameof(LogbookEntry.Disputed))})::boolean
               or ({Json(nameof(LogbookEntry.ReturnOverdue))})::boolean or ({Json(nameof(LogbookEntry.StartOverdue))})::boolean
               or ({Json(nameof(LogbookEntry.OdometerGap))})::boolean or ({Json(nameof(LogbookEntry.Imported))})::boolean
               or {departed} < ({Json(nameof(LogbookEntry.PlannedStart))})::timestamptz - {tolerance}
               or {back} > ({Json(nameof(LogbookEntry.PlannedEnd))})::timestamptz + {tolerance}
               or ({Json(nameof(LogbookEntry.Urgency))}) <> '{TripUrgency.Emergency}' and (
                 ({departed} at time zone ?)::time < ?::time or ({back} at time zone ?)::time > ?::time
                 or ({departed} at time zone ?)::date <> ({back} at time zone ?)::date
                 or not (extract(isodow from {departed} at time zone ?)::int = any(?))))
             """,
            cancellation, session.TenantId, period.Start.ToDateTimeOffset(), period.End.ToDateTimeOffset(),
            zone.Id, latestStart.ToTimeOnly(), zone.Id, earliestEnd.ToTimeOnly(), zone.Id, zone.Id, zone.Id, everyVersionsDays);
    }
}
