using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Closing;
using Fleet.Server.Trips.Requesting;
using Fleet.Server.Trips.Viewing;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Trips;

/// <summary>The clerk's view of the unit's requests: where each stands, and cancelling, confirming and rating them.</summary>
[Authorize(Roles = nameof(Role.Clerk))]
public sealed class TripsModel : WebPage
{
    public IReadOnlyList<Trip> Trips { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public Task<IActionResult> OnPostConfirmAsync(Guid id, int? stars, string? comment) =>
        AfterAsync(SendAsync(new ConfirmTrip(id, new ConfirmTripForm(stars, comment))), "trips.confirmed");

    public Task<IActionResult> OnPostRateAsync(Guid id, int? stars, string? comment) =>
        AfterAsync(SendAsync(new RateTrip(id, new RateTripForm(stars, comment))), "trips.rated");

    public Task<IActionResult> OnPostCancelAsync(Guid id, string? reason) =>
        AfterAsync(SendAsync(new CancelTrip(id, new CancelTripForm(reason))), "trips.cancelled");

    protected override async Task LoadAsync() =>
        Trips = (await AskAsync(new ListTrips(Page: 1, PageSize: 100, Sort: "-start")))?.Items ?? [];
}
