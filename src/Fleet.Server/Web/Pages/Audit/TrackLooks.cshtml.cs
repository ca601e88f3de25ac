using Fleet.Domain.People;
using Fleet.Server.Positions.Tracks;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Audit;

/// <summary>
/// The supervisor's record of who was shown where a car went: every look at a track in a month, newest first, with the
/// car, the period shown and the trip it belonged to (ListTrackLooks decides which pools the reader sees).
/// </summary>
[Authorize(Roles = nameof(Role.Supervisor))]
public sealed class TrackLooksModel : WebPage
{
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    public IReadOnlyList<TrackLookLine> Looks { get; private set; } = [];
    public IReadOnlyDictionary<string, string> PoolNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>Who looked, by the name people know them by; the sign-in name only for an account no longer kept.</summary>
    public IReadOnlyDictionary<Guid, string> ViewerNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync()
    {
        Month ??= Clock.GetCurrentInstant().InZone(Zone).Date.ToYearMonth().ToString("uuuu-MM", null);
        PoolNames = await Web.PoolNames.OfCityAsync(Store, Me.Pool, HttpContext.RequestAborted);
        Looks = await AskAsync(new ListTrackLooks(Month)) ?? [];
        var viewers = Looks.Select(l => l.Look.ViewerId).Distinct().ToArray();
        await using var session = Store.QuerySession(Me.Pool);
        ViewerNames = (await session.Query<User>().Where(u => u.InCity() && u.Id.IsOneOf(viewers)).ToListAsync(HttpContext.RequestAborted))
            .ToDictionary(u => u.Id, u => u.DisplayName);
    }
}
