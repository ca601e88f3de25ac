using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Server.Trips.Driving;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Driver;

/// <summary>
/// The driver's day on a phone: today's and coming assignments with who rides where and who asked, taking one or
/// turning it down, leaving and coming back with the readings and costs, and the trips already brought back.
/// </summary>
[Authorize(Roles = nameof(Role.Driver))]
public sealed class DriverModel : WebPage
{
    private const int HistoryPageSize = 20;

    /// <summary>The page of the history shown (<c>page</c> itself names the Razor page in the route).</summary>
    [BindProperty(SupportsGet = true, Name = "history")] public int HistoryPage { get; set; } = 1;

    /// <summary>The driver record the account drives as; none when the fleet admin has not linked one yet.</summary>
    public Fleet.Domain.Drivers.Driver? Driving { get; private set; }

    public IReadOnlyList<Trip> Today { get; private set; } = [];
    public IReadOnlyList<Trip> Coming { get; private set; } = [];
    public Page<Trip>? History { get; private set; }

    /// <summary>The last reading of each assigned car, which the departure reading starts from.</summary>
    public Dictionary<Guid, decimal> Odometers { get; } = [];

    /// <summary>The requesters of the trips shown, by account.</summary>
    public Dictionary<Guid, User> Requesters { get; } = [];

    public IReadOnlyDictionary<string, string> Units { get; private set; } = new Dictionary<string, string>();

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAcceptAsync(Guid id) =>
        await AfterAsync(Scoped(id.ToString(), (await SendAsync(new AcceptTrip(id))).Accepted), "driver.accepted");

    public async Task<IActionResult> OnPostDeclineAsync(Guid id, string? reason) =>
        await AfterAsync(Scoped(id.ToString(), (await SendAsync(new DeclineTrip(id, new DeclineTripForm(reason)))).Accepted), "driver.declined");

    public async Task<IActionResult> OnPostStartAsync(Guid id, decimal? odometerKm) =>
        await AfterAsync(Scoped(id.ToString(), (await SendAsync(new StartTrip(id, new StartTripForm(odometerKm)))).Accepted), "driver.started");

    public async Task<IActionResult> OnPostFinishAsync(Guid id, decimal? odometerKm, decimal? fuelLitres, decimal? energyKilowattHours, decimal? fuelCost,
        decimal? tolls, decimal? parking, decimal? otherCosts)
    {
        var form = new FinishTripForm(odometerKm, fuelLitres, energyKilowattHours, fuelCost, tolls, parking, otherCosts, null);
        return await AfterAsync(Scoped(id.ToString(), (await SendAsync(new FinishTrip(id, form))).Accepted), "driver.finished");
    }

    /// <summary>A problem of one card's form, kept under the trip so that it shows on that card only.</summary>
    public string? ErrorOn(Trip trip, string field) => ErrorFor($"{trip.Id}.{field}");

    public string InvalidOn(Trip trip, string field) => Invalid($"{trip.Id}.{field}");

    protected override async Task LoadAsync()
    {
        await using var session = Read();
        var me = Me.UserId;
        Driving = (await session.Query<Fleet.Domain.Drivers.Driver>().Where(d => d.UserId == me).Take(1).ToListAsync(HttpContext.RequestAborted))
            .FirstOrDefault();

        var assignments = await AskAsync(new ListMyAssignments()) ?? [];
        var today = Clock.GetCurrentInstant().InZone(Zone).Date;
        // Under way, or due today or earlier: the work of the day. The rest is coming.
        bool IsToday(Trip t) => t.Status == TripStatus.InProgress || t.Details.Start.InZone(Zone).Date <= today;
        Today = assignments.Where(IsToday).ToList();
        Coming = assignments.Where(t => !IsToday(t)).ToList();
        History = await AskAsync(new ListMyTripHistory(Math.Clamp(HistoryPage, 1, Paging.MaxPage), HistoryPageSize));

        var cars = assignments.Where(t => t.Assignment is not null).Select(t => t.Assignment!.VehicleId).Distinct().ToArray();
        foreach (var car in await session.LoadManyAsync<Vehicle>(HttpContext.RequestAborted, cars)) Odometers[car.Id] = car.Odometer.Kilometres;
        var requesters = assignments.Select(t => t.RequestedBy).Distinct().ToArray();
        foreach (var user in await session.LoadManyAsync<User>(HttpContext.RequestAborted, requesters)) Requesters[user.Id] = user;
        Units = await UnitNamesAsync();
    }

    public string Requester(Trip trip) =>
        Requesters.TryGetValue(trip.RequestedBy, out var user) ? user.DisplayName : "";

    public string Unit(Trip trip) => Units.GetValueOrDefault(trip.UnitCode, trip.UnitCode);

    /// <summary>Kilometres driven as the two readings say; none before the car is back.</summary>
    public static decimal? Kilometres(Trip trip) =>
        trip.OdometerIn is { } back && trip.OdometerOut is { } left ? back.Kilometres - left.Kilometres : null;
}
