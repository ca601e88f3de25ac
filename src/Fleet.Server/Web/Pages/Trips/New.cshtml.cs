using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Requesting;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Trips;

/// <summary>The request form: what the clerk types is the same command the API sends, under the form's own key, and its problems come back next to the fields.</summary>
[Authorize(Roles = nameof(Role.Clerk))]
public sealed class NewTripModel : TripFormPage
{
    public void OnGet()
    {
        // A first guess the clerk usually only nudges: tomorrow morning, for two hours.
        var tomorrow = Clock.GetCurrentInstant().InZone(Zone).Date.PlusDays(1);
        Start = Picker.Format(tomorrow.At(new LocalTime(9, 0)));
        End = Picker.Format(tomorrow.At(new LocalTime(11, 0)));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var form = Form();
        if (Errors.Count > 0) return Page();
        var outcome = await SendAsync(new RequestTrip(form));
        if (!outcome.Accepted) return Page();

        // The clerk learns at once whether the request waits for the unit head or went straight to the dispatch centre.
        var approvedAtOnce = outcome.Value is { Status: TripStatus.Approved };
        TempData["Notice"] = Service<WebText>()[approvedAtOnce ? "request.sent_auto_approved" : "request.sent"];
        // The new trip's own page, also for a repeat of the form: the request the clerk sent, not a list to search it in.
        return (outcome.Value?.TripId ?? EarlierRecord) is { } trip
            ? RedirectToPage("/Trips/Details", new { id = trip })
            : RedirectToPage("/Trips/Index");
    }
}
