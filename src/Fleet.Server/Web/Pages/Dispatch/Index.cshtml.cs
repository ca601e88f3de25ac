using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Projections.DispatchBoard;
using Fleet.Server.Reports.DispatchBoard;
using Fleet.Server.Trips.Dispatching;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;
using NodaTime.Text;
using Fleet.Server.Scheduling;

namespace Fleet.Server.Web.Pages.Dispatch;

/// <summary>
/// The dispatch centre's board: what waits for a car, what is on the road, where every car is; for a chosen trip the
/// candidates with every reason the others cannot go, dispatch in one action, reassignment; and the cars' bookings
/// of the day or the week on a timeline. The board redraws itself when anything changes in the pool.
/// </summary>
[Authorize(Roles = nameof(Role.Dispatcher))]
public sealed class DispatchModel : WebPage
{
    public sealed record Lane(string Plate, IReadOnlyList<Slot> Slots);

    public sealed record Slot(double Left, double Width, string Label, string Title);

    [BindProperty(SupportsGet = true)] public string? Day { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Trip { get; set; }
    [BindProperty(SupportsGet = true)] public string View { get; set; } = "day";

    /// <summary>The dispatched trip whose car and driver the dispatcher is about to take back, asked to confirm first.</summary>
    [BindProperty(SupportsGet = true, Name = "undispatch")] public Guid? UndispatchId { get; set; }

    public DispatchBoardView? Board { get; private set; }
    public Trip? Chosen { get; private set; }
    public DispatchCandidateList? Candidates { get; private set; }
    public IReadOnlyList<Lane> Timeline { get; private set; } = [];
    public LocalDate Date { get; private set; }
    public IReadOnlyDictionary<string, string> Units { get; private set; } = new Dictionary<string, string>();
    public Trip? Undispatching { get; private set; }

    /// <summary>The names of the people who asked for the trips awaiting dispatch, by account.</summary>
    public IReadOnlyDictionary<Guid, string> Requesters { get; private set; } = new Dictionary<Guid, string>();

    public string Requester(Guid userId) => Requesters.GetValueOrDefault(userId, "");

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostDispatchAsync(Guid id, Guid? vehicleId, Guid? driverId, string? classChangeReason)
    {
        var form = new AssignTripForm(vehicleId, driverId, classChangeReason, null);
        if ((await SendAsync(new DispatchTrip(id, form))).Accepted)
            return Done("dispatch.dispatched", new { day = Day, view = View });
        Trip = id;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostReassignAsync(Guid id, Guid? vehicleId, Guid? driverId, string? classChangeReason, string? reason)
    {
        var form = new AssignTripForm(vehicleId, driverId, classChangeReason, reason);
        if ((await SendAsync(new ReassignTrip(id, form))).Accepted)
            return Done("dispatch.reassigned", new { day = Day, view = View });
        Trip = id;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostUndispatchAsync(Guid id, string? reason)
    {
        if ((await SendAsync(new UndispatchTrip(id, new UndispatchTripForm(reason)))).Accepted)
            return Done("dispatch.undispatched", new { day = Day, view = View });
        UndispatchId = id;
        await LoadAsync();
        return Page();
    }

    protected override async Task LoadAsync()
    {
        Board = await AskAsync(new GetDispatchBoard(Day));
        Date = Board?.Day ?? Clock.GetCurrentInstant().InZone(Zone).Date;
        if (Trip is { } id)
        {
            await using var session = Read();
            Chosen = await session.LoadAsync<Trip>(id, HttpContext.RequestAborted);
            if (Chosen is not null && Chosen.Status != TripStatus.InProgress)
                Candidates = await AskAsync(new GetDispatchCandidates(id));
        }

        if (UndispatchId is { } taken)
        {
            await using var session = Read();
            Undispatching = await session.LoadAsync<Trip>(taken, HttpContext.RequestAborted) is { Status: TripStatus.Dispatched or TripStatus.Accepted } trip
                ? trip
                : null;
        }

        Timeline = await TimelineAsync();
        Units = await UnitNamesAsync();
        Requesters = await RequesterNamesAsync();
    }

    /// <summary>Every car's bookings in the day or week shown, as bars placed by time.</summary>
    private async Task<IReadOnlyList<Lane>> TimelineAsync()
    {
        var days = View == "week" ? 7 : 1;
        var from = Zone.AtStartOfDay(View == "week" ? Date.Minus(Period.FromDays(((int)Date.DayOfWeek) - 1)) : Date).ToInstant();
        var until = from + Duration.FromDays(days);
        await using var session = Read();
        var booked = await session.Query<Trip>()
            .Where(t => t.Assignment != null && t.Assignment.ReservedFrom < until && t.Assignment.ReservedUntil > from &&
                        (t.Status == TripStatus.Dispatched || t.Status == TripStatus.Accepted || t.Status == TripStatus.InProgress ||
                         t.Status == TripStatus.Completed || t.Status == TripStatus.Closed))
            .ToListAsync(HttpContext.RequestAborted);
        var span = (until - from).TotalMinutes;
        double At(Instant instant) => Math.Clamp((instant - from).TotalMinutes / span * 100, 0, 100);
        return (Board?.Vehicles ?? [])
            .OrderBy(v => v.Plate, StringComparer.Ordinal)
            .Select(v => new Lane(v.Plate, booked.Where(t => t.Assignment!.VehicleId == v.VehicleId)
                .Select(t => new Slot(At(t.Details.Start), Math.Max(0.5, At(t.Details.End) - At(t.Details.Start)), t.Order?.Text ?? "",
                    $"{Local(t.Details.Start)}–{LocalTime(t.Details.End)} {t.Order?.Text} {t.Assignment!.DriverName}"))
                .ToList()))
            .ToList();
    }

    private async Task<IReadOnlyDictionary<Guid, string>> RequesterNamesAsync()
    {
        var ids = (Board?.AwaitingDispatch ?? []).Select(t => t.RequestedBy).Distinct().ToArray();
        if (ids.Length == 0) return new Dictionary<Guid, string>();
        await using var session = Read();
        return (await session.LoadManyAsync<User>(HttpContext.RequestAborted, ids)).ToDictionary(u => u.Id, u => u.DisplayName);
    }

    public string DayText(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
