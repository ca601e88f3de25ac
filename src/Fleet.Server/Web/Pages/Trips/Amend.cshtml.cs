using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Requesting;
using Fleet.Server.Trips.Viewing;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Trips;

/// <summary>The clerk changes a request that no car has been sent for yet: the whole form again, filled in as it stands.</summary>
[Authorize(Roles = nameof(Role.Clerk))]
public sealed class AmendTripModel : TripFormPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public Trip? Trip { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Trip = await AskAsync(new GetTrip(Id));
        if (Trip is null) return NotFound();
        if (!TripActions.Amendable(Trip, Me)) return RedirectToPage("/Trips/Details", new { id = Id });
        Fill(Trip.Details, Trip.Contact);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var form = Form();
        if (Errors.Count == 0 && (await SendAsync(new AmendTrip(Id, form))).Accepted)
        {
            TempData["Notice"] = Service<WebText>()["trips.amended"];
            return RedirectToPage("/Trips/Details", new { id = Id });
        }

        Trip = await AskAsync(new GetTrip(Id));
        return Trip is null ? NotFound() : Page();
    }
}
