using Fleet.Domain.People;
using Fleet.Server.Reports.Figures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Fleet.Server.Web.Pages.Reports;

/// <summary>
/// What lies behind the drivers' average stars: every rating of the period with what the person served wrote, the
/// latest trips first, the low ones (one or two stars) counted at the top and listed on their own; each opens its trip.
/// </summary>
[Authorize(Roles = $"{nameof(Role.Supervisor)},{nameof(Role.FleetAdmin)},{nameof(Role.Dispatcher)}")]
public sealed class RatingsModel : WebPage
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public bool Low { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public RatingsReport? Report { get; private set; }

    public async Task OnGetAsync()
    {
        Period ??= Clock.GetCurrentInstant().InZone(Zone).Date.ToYearMonth().PlusMonths(-1).ToString("uuuu-MM", null);
        Report = await AskAsync(new GetRatings(Period, Low ? true : null, Math.Max(1, PageNumber), PageSize));
    }

    public string Link(bool low, int page = 1) => QueryHelpers.AddQueryString("/reports/ratings", new Dictionary<string, string?>
    {
        ["period"] = Period, ["low"] = low ? "true" : null, ["p"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
    }.Where(q => q.Value is not null));
}
