using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Projections.Compliance;
using Fleet.Server.Reports.Compliance;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Fleet.Server.Web.Pages.Reports;

/// <summary>
/// The flagged trips behind the compliance counts of the reports page: each with the rule it broke and the facts that
/// show it, filtered by rule, district, unit and days, searched by dispatch order or plate, a page at a time from the
/// database; each opens its trip.
/// </summary>
[Authorize(Roles = $"{nameof(Role.Supervisor)},{nameof(Role.FleetAdmin)}")]
public sealed class ComplianceModel : WebPage
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Pool { get; set; }
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public ComplianceReport? Report { get; private set; }
    public IReadOnlyDictionary<string, string> PoolNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<Organisation> Units { get; private set; } = [];

    /// <summary>Days asked for replace the period; with neither, the last full month, as on the reports page.</summary>
    public bool ByDays => !string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(To);

    public async Task OnGetAsync()
    {
        if (!ByDays && string.IsNullOrWhiteSpace(Period))
            Period = Clock.GetCurrentInstant().InZone(Zone).Date.ToYearMonth().PlusMonths(-1).ToString("uuuu-MM", null);
        if (Me.SeesWholeCity) PoolNames = await Web.PoolNames.OfCityAsync(Store, Me.Pool, HttpContext.RequestAborted);
        await using (var session = Read())
        {
            var units = Me.SeesWholeCity ? session.Query<Organisation>().Where(o => o.InCity()) : session.Query<Organisation>();
            Units = (await units.Where(o => o.Code != o.Pool && !o.Closed).OrderBy(o => o.Pool).ThenBy(o => o.Name).ToListAsync(HttpContext.RequestAborted))
                .Where(o => string.IsNullOrWhiteSpace(Pool) || o.Pool == Pool).ToList();
        }

        Report = await AskAsync(new GetComplianceFlags(ByDays ? null : Period, Blank(Kind), Math.Max(1, PageNumber), PageSize, ByDays ? Blank(From) ?? "" : null,
            ByDays ? Blank(To) ?? "" : null, Blank(Pool), Blank(Unit), Blank(Search)));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The local day of a finding, as a car's track page takes it.</summary>

    public string PoolName(string pool) => PoolNames.GetValueOrDefault(pool, pool);

    public string UnitName(string? code) => code is null ? "" : Units.FirstOrDefault(u => u.Code == code)?.Name ?? code;

    /// <summary>This list's address with another page number, keeping the filters.</summary>
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["period"] = ByDays ? null : Blank(Period), ["from"] = Blank(From), ["to"] = Blank(To), ["kind"] = Blank(Kind), ["pool"] = Blank(Pool),
            ["unit"] = Blank(Unit), ["search"] = Blank(Search), ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString("/reports/compliance", query.Where(q => q.Value is not null));
    }

    /// <summary>The facts behind a flag in a sentence of the reader's language.</summary>
    public string Evidence(ComplianceFlag flag)
    {
        var t = Service<WebText>();
        if (TrackEvidence.Words(flag, t) is { } track) return track;
        if (RecordEvidence.Words(flag, t) is { } records) return records;
        string E(string key) => flag.Evidence.GetValueOrDefault(key, "");
        string Back() => E("returned") is { Length: > 0 } back ? back : t["compliance.not_back"];
        return flag.Kind switch
        {
            ComplianceFlagKind.OutsideWorkingHours => t.Format("compliance.evidence_outside_hours", E("departed"), Back(), E("workingHours")),
            ComplianceFlagKind.BeyondApprovedWindow => t.Format("compliance.evidence_beyond_window", E("approvedFrom"), E("approvedUntil"), E("departed"), Back()),
            ComplianceFlagKind.NotReturnedOnTime => t.Format("compliance.evidence_not_returned", E("approvedUntil"), Back()),
            ComplianceFlagKind.LateStart => t.Format("compliance.evidence_late_start", E("approvedFrom"), E("departed")),
            ComplianceFlagKind.OdometerGap => t.Format("compliance.evidence_odometer_gap", E("lastRecordedKm"), E("departureKm"), E("unexplainedKm")),
            ComplianceFlagKind.OdometerTurnedBack => t.Format("compliance.evidence_turned_back", E("fromKm"), E("toKm"), E("reason")),
            ComplianceFlagKind.DisputedByRequester => t.Format("compliance.evidence_disputed",
                t.List(E("items").Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(i => Enum.TryParse<DisputedItem>(i, out var item) ? ProblemText.Term(item) : i)), E("details")),
            ComplianceFlagKind.EmergencyNotReviewed => t.Format("compliance.evidence_emergency_not_reviewed", E("start"), E("end"), E("purpose")),
            ComplianceFlagKind.EmergencyNotJustified => t.Format("compliance.evidence_emergency_not_justified", E("start"), E("end"), E("purpose")),
            ComplianceFlagKind.ImportedWithoutDispatchOrder => t.Format("compliance.evidence_imported", E("departed"), Back()),
            _ => string.Join(t.IsEnglish ? "; " : "；", flag.Evidence.Select(e => e.Value)),
        };
    }
}
