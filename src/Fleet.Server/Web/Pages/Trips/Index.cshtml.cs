using Microsoft.AspNetCore.Mvc;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Viewing;

namespace Fleet.Server.Web.Pages.Trips;

/// <summary>
/// The trips the signed-in person sees (the unit's for a clerk or unit head, the pool's for the pool's staff), a page at
/// a time, filtered and searched in the database; each row opens the trip's page, where everything about it is done.
/// </summary>
[Authorize(Roles = $"{nameof(Role.Clerk)},{nameof(Role.Approver)},{nameof(Role.Dispatcher)},{nameof(Role.Supervisor)},{nameof(Role.FleetAdmin)}")]
public sealed class TripsModel : WebPage
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public bool Open { get; set; }
    [BindProperty(SupportsGet = true)] public bool Mine { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Trip> Trips { get; private set; } = [];
    public long Total { get; private set; }
    public int Pages { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    protected override async Task LoadAsync()
    {
        var found = await AskAsync(new ListTrips(Status: NullIfEmpty(Status), Page: Math.Max(1, PageNumber), PageSize: PageSize, Sort: "-start",
            From: NullIfEmpty(From), To: NullIfEmpty(To), Search: NullIfEmpty(Search), Open: Open ? true : null, Mine: Mine ? true : null));
        Trips = found?.Items ?? [];
        Total = found?.TotalItems ?? 0;
        Pages = (int)Math.Ceiling(Total / (double)PageSize);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>This list's address with another page number, keeping the filters.</summary>
    public string PageLink(int page) => Link("/trips", page.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The workbook of every trip the filters find, not only this page's.</summary>
    public string ExportLink => Link("/exports/trips", null);

    private string Link(string path, string? page)
    {
        var query = new Dictionary<string, string?>
        {
            ["status"] = NullIfEmpty(Status), ["from"] = NullIfEmpty(From), ["to"] = NullIfEmpty(To), ["search"] = NullIfEmpty(Search),
            ["open"] = Open ? "true" : null, ["mine"] = Mine ? "true" : null, ["p"] = page,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, query.Where(q => q.Value is not null));
    }
}
