using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Server.Integrity;
using Fleet.Server.Reports.Province;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Reports;

/// <summary>
/// The province's supervisors' page (ADR 025): every city side by side for a month or a year — figures, compliance flags by
/// kind, the latest verification of each city's audit chains — and a verification of every city's chains at once. A city whose
/// database does not answer is named as unavailable; the others are shown all the same.
/// </summary>
[Authorize(Roles = nameof(Role.Supervisor))]
public sealed class ProvinceModel : WebPage
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public ProvinceOverview? Overview { get; private set; }
    public ProvinceVerification? Verification { get; private set; }
    public string ChartsJson { get; private set; } = "{}";

    public async Task OnGetAsync() => await LoadOverviewAsync();

    /// <summary>Recomputes every city's chains, from each one's last signed checkpoint or from the first event, and shows the result with the overview.</summary>
    public async Task OnPostVerifyAsync(bool fromStart)
    {
        Verification = await AskAsync(new VerifyProvinceAuditChains(fromStart ? "start" : null));
        await LoadOverviewAsync();
    }

    private async Task LoadOverviewAsync()
    {
        // The last full month: the current one holds a few days and would read as an idle fleet.
        Period ??= Clock.GetCurrentInstant().InZone(Zone).Date.ToYearMonth().PlusMonths(-1).ToString("uuuu-MM", null);
        Overview = await AskAsync(new GetProvinceOverview(Period), answerRefusal: true);
        if (Overview is null) return;

        var t = Service<WebText>();
        var cities = Overview.Cities.Where(c => c.Totals is not null).ToList();
        ChartsJson = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["province"] = ChartData.Bars(cities.Select(c => c.Name),
                (t["reports.trips"], t["reports.axis_trips"], cities.Select(c => (decimal)c.Totals!.Trips)),
                (t["reports.distance_km"], t["reports.axis_km"], cities.Select(c => c.Totals!.DistanceKm))),
        });
    }

    public string Percent(decimal ratio) => (ratio * 100).ToString("0.0") + "%";

    /// <summary>A city's latest verification in words: running, failed, intact since when, or broken.</summary>
    public string LatestInWords(AuditVerificationStatus? latest)
    {
        var t = Service<WebText>();
        return latest switch
        {
            null => t["province.verification_none"],
            { State: VerificationState.Running } run => t.Format("province.verification_running", run.Percent),
            { Result: { Intact: true }, FinishedAt: { } at } => t.Format("province.verification_intact", LocalDay(at)),
            { Result: { Intact: false } result } => t.Format("province.verification_broken", result.Breaks.Count),
            _ => t["province.verification_failed"],
        };
    }
}
