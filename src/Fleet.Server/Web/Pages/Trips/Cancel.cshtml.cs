using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Requesting;
using Fleet.Server.Trips.Viewing;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Trips;

/// <summary>A cancellation cannot be undone: the clerk sees what is being cancelled and says so once more before it is.</summary>
[Authorize(Roles = nameof(Role.Clerk))]
public sealed class CancelTripModel : WebPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public Trip? Trip { get; private set; }

    /// <summary>A car and driver are already held for it: the dispatch centre needs to know why they are freed.</summary>
    public bool ReasonRequired => Trip?.Status.IsDispatched() == true;

    public async Task<IActionResult> OnGetAsync()
    {
        Trip = await AskAsync(new GetTrip(Id));
        if (Trip is null) return NotFound();
        return TripActions.Cancellable(Trip, Me) ? Page() : RedirectToPage("/Trips/Details", new { id = Id });
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if ((await SendAsync(new CancelTrip(Id, new CancelTripForm(Reason)))).Accepted)
        {
            TempData["Notice"] = Service<WebText>()["trips.cancelled"];
            return RedirectToPage("/Trips/Details", new { id = Id });
        }

        Trip = await AskAsync(new GetTrip(Id));
        return Trip is null ? NotFound() : Page();
    }
}
