using Fleet.Domain.People;
using Fleet.Projections.Compliance;
using Fleet.Projections.Reports;
using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Integrity;
using Fleet.Server.Reports.Compliance;
using Fleet.Server.Reports.Figures;
using Fleet.Server.Scheduling;

namespace Fleet.Server.Reports.Province;

/// <summary>
/// One city as the province sees it: its pools' figures and their sums, its compliance flags counted by kind, and the latest
/// verification of its audit chains — or, when its database does not answer, only that it is unavailable.
/// </summary>
public sealed record CityReport(string City, string Name, bool Available, PoolFigures? Totals, IReadOnlyList<PoolFigures> Pools,
    IReadOnlyDictionary<ComplianceFlagKind, int> Flags, AuditVerificationStatus? LatestVerification);

/// <summary>Every city of the province side by side for a period, and the province's sums of the cities that answered.</summary>
public sealed record ProvinceOverview(string Period, IReadOnlyList<CityReport> Cities, PoolFigures Province, IReadOnlyList<string> Unavailable);

/// <summary>For a supervisor of the province: every city's figures, compliance and audit state, each read from the city's own database.</summary>
public sealed record GetProvinceOverview(string? Period) : Query<ProvinceOverview>;

/// <summary>One city's audit chains recomputed, or why they could not be.</summary>
public sealed record CityVerification(string City, string Name, bool Available, AuditVerification? Result);

/// <summary>
/// Every city's chains recomputed at once. Intact only when every city was reached and every chain holds: a city that could
/// not be checked is no evidence of anything.
/// </summary>
public sealed record ProvinceVerification(bool Intact, IReadOnlyList<CityVerification> Cities);

/// <summary>Recomputes every city's audit chains, each in its own database: from each chain's last signed checkpoint, or <c>from=start</c>.</summary>
public sealed record VerifyProvinceAuditChains(string? From = null) : Query<ProvinceVerification>;

public static class ProvinceViewEndpoints
{
    [WolverineGet("/api/reports/province", OperationId = "GetProvinceOverview"), Tags("Reports")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static Task<Results<Ok<ProvinceOverview>, ProblemHttpResult>> Overview(string? period, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new GetProvinceOverview(period), http);

    /// <summary><c>?from=start</c> checks every chain from its first event; without it, from each chain's last signed checkpoint.</summary>
    [WolverineGet("/api/audit/province/verify", OperationId = "VerifyProvinceAuditChains"), Tags("Audit")]
    [Authorize(Roles = nameof(Role.Supervisor))]
    public static Task<Results<Ok<ProvinceVerification>, ProblemHttpResult>> Verify(string? from, HttpContext http, IMessageBus bus) =>
        bus.AnswerAsync(new VerifyProvinceAuditChains(from), http);
}

/// <summary>
/// The province view reads each city where its data lives (ADR 025): a session of the city's database, every city at once,
/// nothing copied into the province's. What reaches the province is what the city's own supervisors read: sums, counts and
/// verification results — never a city's records.
/// </summary>
public static class ProvinceViewHandler
{
    public static async Task<Outcome<ProvinceOverview>> Handle(GetProvinceOverview asked, IDocumentStore store, CityMap cities, PoolRoster roster,
        AuditChains chains, DateTimeZone zone, ILogger<GetProvinceOverview> log, CancellationToken cancellation)
    {
        if (ProvinceOnly(asked.By) is { } refused) return Outcome<ProvinceOverview>.Refused(refused);
        var problems = new List<Problem>();
        if (ReportScope.Period(asked.Period, problems) is not { } wanted) return Outcome<ProvinceOverview>.Refused(problems);

        var reports = await EachCityAsync(cities, log, cancellation,
            async city =>
            {
                await using var session = store.QuerySession(city.Pools[0]);
                var pools = await ReportScope.OpenPoolsOfCityAsync(session, cancellation);
                var figures = await FiguresHandler.CityAsync(store, pools, roster, wanted, zone, cancellation);
                var flags = pools.Count == 0 ? new Dictionary<ComplianceFlagKind, int>()
                    : await new FlaggedRecordQuery(session, pools, wanted.In(zone)).CountAsync(cancellation);
                var verification = await chains.For(city.Pools[0]).Runs.LatestAsync(AuditChains.ScopeOf(city.Code), cancellation);
                return new CityReport(city.Code, city.Name, true, figures.City with { Pool = city.Code }, figures.Pools, flags, verification);
            },
            city => new CityReport(city.Code, city.Name, false, null, [], new Dictionary<ComplianceFlagKind, int>(), null));

        var answered = reports.Where(r => r.Totals is not null).Select(r => r.Totals!).ToList();
        return new ProvinceOverview(wanted.Label, reports, FiguresHandler.Sum(answered, cities.ProvincePool!),
            reports.Where(r => !r.Available).Select(r => r.City).ToList());
    }

    public static async Task<Outcome<ProvinceVerification>> Handle(VerifyProvinceAuditChains asked, CityMap cities, AuditChains chains,
        ILogger<VerifyProvinceAuditChains> log, CancellationToken cancellation)
    {
        if (ProvinceOnly(asked.By) is { } refused) return Outcome<ProvinceVerification>.Refused(refused);
        if (AuditChainHandler.StartOf(asked.From) is not { } from) return Outcome<ProvinceVerification>.Refused(AuditChainHandler.StartInvalid(asked.From!));

        var verified = await EachCityAsync(cities, log, cancellation,
            async city => new CityVerification(city.Code, city.Name, true,
                await chains.For(city.Pools[0]).Verifier.VerifyAsync(city.Pools, null, from, null, cancellation)),
            city => new CityVerification(city.Code, city.Name, false, null));
        return new ProvinceVerification(verified.All(c => c.Result?.Intact == true), verified);
    }

    private static Problem? ProvinceOnly(Actor actor) => actor.SeesWholeProvince
        ? null
        : Problem.Forbidden("report.province_only", "Only a supervisor of the province sees every city side by side.");

    /// <summary>
    /// Each city read at once, in its own database; a city whose database does not answer is reported as unavailable and
    /// keeps nobody from the other cities' answers.
    /// </summary>
    private static async Task<IReadOnlyList<T>> EachCityAsync<T>(CityMap cities, ILogger log, CancellationToken cancellation, Func<City, Task<T>> read,
        Func<City, T> unavailable)
    {
        return await Task.WhenAll(cities.Cities.Select(async city =>
        {
            try
            {
                return await read(city);
            }
            catch (Exception e) when (DatabaseUnavailable.Is(e) && !cancellation.IsCancellationRequested)
            {
                log.LogWarning(e, "The database of {City} ({Code}) did not answer; the province view shows the city as unavailable.", city.Name, city.Code);
                return unavailable(city);
            }
        }));
    }
}
