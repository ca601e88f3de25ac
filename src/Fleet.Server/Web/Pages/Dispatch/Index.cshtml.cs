using Fleet.Domain.Drivers;
using PoolDriver = Fleet.Domain.Drivers.Driver;
using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
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
    [BindProperty(SupportsGet = true)] public string? Day { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Trip { get; set; }
    [BindProperty(SupportsGet = true)] public string View { get; set; } = "day";

    /// <summary>The car picked for the chosen trip on the timeline, checked in the dispatch form.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Vehicle { get; set; }

    /// <summary>The driver picked for the chosen trip on the timeline, checked in the dispatch form.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Driver { get; set; }

    /// <summary>The dispatched trip whose car and driver the dispatcher is about to take back, asked to confirm first.</summary>
    [BindProperty(SupportsGet = true, Name = "undispatch")] public Guid? UndispatchId { get; set; }

    public DispatchBoardView? Board { get; private set; }
    public Trip? Chosen { get; private set; }
    public DispatchCandidateList? Candidates { get; private set; }
    public DispatchTimeline? Timeline { get; private set; }
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

    /// <summary>
    /// The pool's cars and drivers over the day or week shown, with what holds each of them: the trips are read from the
    /// database for that window only, and the pool's roster brings the workshop visits and leave not over before it.
    /// </summary>
    private async Task<DispatchTimeline> TimelineAsync()
    {
        var words = Service<WebText>();
        var dayStarts = Zone.AtStartOfDay(View == "week" ? Date.Minus(Period.FromDays((int)Date.DayOfWeek - 1)) : Date).ToInstant();
        var dayEnds = dayStarts + Duration.FromDays(View == "week" ? 7 : 1);
        await using var session = Read();
        var now = Clock.GetCurrentInstant();
        // Cars still out are few whatever the history; each holds its lane until it is back.
        var booked = await session.Query<Trip>()
            .Where(t => t.Status == TripStatus.InProgress ||
                        t.Assignment != null && t.Assignment.ReservedFrom < dayEnds && t.Assignment.ReservedUntil > dayStarts &&
                        (t.Status == TripStatus.Dispatched || t.Status == TripStatus.Accepted || t.Status == TripStatus.Completed || t.Status == TripStatus.Closed))
            .ToListAsync(HttpContext.RequestAborted);
        var window = View == "week"
            ? DispatchTimeline.WeekWindow(Date, Zone, d => $"{words.Term(d.DayOfWeek)} {d:MM-dd}")
            : DispatchTimeline.DayWindow(Date, Zone, booked.Select(t => DispatchTimeline.Held(t, now))
                .Concat(Chosen is { } wanted ? [new Interval(wanted.Details.Start, wanted.Details.End)] : []));
        var roster = await Service<PoolRoster>().ForAsync(session, window.From, HttpContext.RequestAborted);
        var trips = booked.Where(t => t.Assignment is not null && DispatchTimeline.Held(t, now) is var held && held.Start < window.Until && held.End > window.From).ToList();
        return DispatchTimeline.Compose(window, roster.Vehicles.Where(v => v.Status != VehicleStatus.Disposed), roster.Drivers, trips, now,
            Chosen is { } chosen && Candidates is { } candidates ? (chosen, candidates) : null, new TimelineWords(this, words));
    }

    /// <summary>The timeline's words in the reader's language; times of the week view carry their day.</summary>
    private sealed class TimelineWords(DispatchModel page, WebText t) : DispatchTimeline.IWords
    {
        private string When(Instant from, Instant until) => page.View == "week"
            ? $"{page.Local(from)}–{(from.InZone(page.Zone).Date == until.InZone(page.Zone).Date ? page.LocalTime(until) : page.Local(until))}"
            : $"{page.LocalTime(from)}–{page.LocalTime(until)}";

        public string Trip(Trip trip)
        {
            var words = t.Format("dispatch.block_trip", trip.Order?.Text, t.List(trip.Details.Destinations),
                When(trip.Details.Start, trip.Details.End), trip.Assignment is { } a ? a.DriverName is { } name ? $"{a.Plate} {name}" : a.Plate : "");
            return trip.ReturnOverdue ? $"{words} · {t["dispatch.return_overdue"]}" : words;
        }

        public string TripLabel(Trip trip) => $"{page.LocalTime(trip.Details.Start)} {trip.Details.Destinations.FirstOrDefault()}";

        public string Maintenance(Vehicle vehicle, MaintenanceWindow job, Interval held) =>
            t.Format("dispatch.block_maintenance", ProblemText.Term(job.Kind), vehicle.Plate, When(held.Start, held.End));

        public string MaintenanceLabel(MaintenanceWindow job) => t.Term(job.Kind);

        public string Leave(PoolDriver driver, LeaveWindow leave) =>
            t.Format("dispatch.block_leave", ProblemText.Term(leave.Kind), driver.Name, When(leave.Period.Start, leave.Period.End));

        public string LeaveLabel(LeaveWindow leave) => t.Format("dispatch.leave_label", ProblemText.Term(leave.Kind));

        public string Suspension(PoolDriver driver) => t.Format("dispatch.block_suspended", driver.Name, driver.SuspensionReason);

        public string SuspensionLabel => t["dispatch.legend_suspension"];

        public string CarDetail(Vehicle vehicle) => $"{t.Term(vehicle.Class)} · {t.Format("dispatch.seats_of", vehicle.Seats)}";

        public string WantedWindow(Trip trip) => t.Format("dispatch.wanted_window", When(trip.Details.Start, trip.Details.End));

        public bool SeesRecords => page.Is(Role.FleetAdmin);
    }

    /// <summary>The dispatch page with the chosen trip and what is picked for it so far, the other pick kept.</summary>
    public string PickHref(Guid? vehicle, Guid? driver) =>
        $"/dispatch?day={DayText(Date)}&view={View}&trip={Chosen?.Id}{(vehicle is { } v ? $"&vehicle={v}" : "")}{(driver is { } d ? $"&driver={d}" : "")}#candidates";

    private async Task<IReadOnlyDictionary<Guid, string>> RequesterNamesAsync()
    {
        var ids = (Board?.AwaitingDispatch ?? []).Select(t => t.RequestedBy).Distinct().ToArray();
        if (ids.Length == 0) return new Dictionary<Guid, string>();
        await using var session = Read();
        return (await session.LoadManyAsync<User>(HttpContext.RequestAborted, ids)).ToDictionary(u => u.Id, u => u.DisplayName);
    }

    public string DayText(LocalDate date) => LocalDatePattern.Iso.Format(date);

    /// <summary>The local day a moment falls on, as the page's <c>day</c> takes it.</summary>
    public string DayOf(Instant instant) => DayText(instant.InZone(Zone).Date);
}
