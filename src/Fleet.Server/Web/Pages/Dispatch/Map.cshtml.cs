using Fleet.Domain.People;
using Fleet.Server.Positions.Tracks;

namespace Fleet.Server.Web.Pages.Dispatch;

/// <summary>
/// The dispatcher's map of the pool's cars now: the cars on trips where they are, the others listed without a place
/// (GetLiveMap decides what the reader may see). The page fetches itself again every ten seconds (maps.js).
/// </summary>
[Authorize(Roles = nameof(Role.Dispatcher))]
public sealed class LiveMapModel : WebPage
{
    public LiveMap? Live { get; private set; }

    public MapSettings Maps => Service<MapSettings>();

    public IWebHostEnvironment Environment => Service<IWebHostEnvironment>();

    public async Task OnGetAsync() => Live = await AskAsync(new GetLiveMap(Me.Pool));

    /// <summary>How old a fix is, in the words a dispatcher reads at a glance.</summary>
    public string Age(long seconds)
    {
        var words = Service<WebText>();
        return seconds switch
        {
            < 60 => words.Format("live.age_seconds", seconds),
            < 3600 => words.Format("live.age_minutes", seconds / 60),
            _ => words.Format("live.age_hours", seconds / 3600),
        };
    }
}
