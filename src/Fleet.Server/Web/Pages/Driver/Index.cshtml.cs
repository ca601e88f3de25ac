using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Server.Trips.Driving;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Driver;

/// <summary>The driver's day on a phone: today's and coming assignments, taking or turning one down, leaving and coming back.</summary>
[Authorize(Roles = nameof(Role.Driver))]
public sealed class DriverModel : WebPage
{
    public IReadOnlyList<Trip> Assignments { get; private set; } = [];

    /// <summary>The last reading of each assigned car, which the departure reading starts from.</summary>
    public Dictionary<Guid, decimal> Odometers { get; } = [];

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostAcceptAsync(Guid id) =>
        AfterAsync(SendAsync(new AcceptTrip(id)), "driver.accepted");

    public Task<IActionResult> OnPostDeclineAsync(Guid id, string? reason) =>
        AfterAsync(SendAsync(new DeclineTrip(id, new DeclineTripForm(reason))), "driver.declined");

    public Task<IActionResult> OnPostStartAsync(Guid id, decimal? odometerKm) =>
        AfterAsync(SendAsync(new StartTrip(id, new StartTripForm(odometerKm))), "driver.started");

    public Task<IActionResult> OnPostFinishAsync(Guid id, decimal? odometerKm, decimal? fuelLitres, decimal? energyKilowattHours, decimal? fuelCost,
        decimal? tolls, decimal? parking, decimal? otherCosts) =>
        AfterAsync(SendAsync(new FinishTrip(id, new FinishTripForm(odometerKm, fuelLitres, energyKilowattHours, fuelCost, tolls, parking, otherCosts, null))),
            "driver.finished");

    protected override async Task LoadAsync()
    {
        await using var session = Read();
        Assignments = await AskAsync(new ListMyAssignments()) ?? [];
        var cars = Assignments.Where(t => t.Assignment is not null).Select(t => t.Assignment!.VehicleId).Distinct().ToArray();
        foreach (var car in await session.LoadManyAsync<Vehicle>(HttpContext.RequestAborted, cars)) Odometers[car.Id] = car.Odometer.Kilometres;
    }
}
