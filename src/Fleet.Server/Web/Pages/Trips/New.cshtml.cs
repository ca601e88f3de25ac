using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Requesting;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace Fleet.Server.Web.Pages.Trips;

/// <summary>The request form: what the clerk types is the same command the API sends, under the form's own key, and its problems come back next to the fields.</summary>
[Authorize(Roles = nameof(Role.Clerk))]
public sealed class NewTripModel : WebPage
{
    [BindProperty] public string? Purpose { get; set; } = nameof(TripPurpose.Meeting);
    [BindProperty] public string? PurposeText { get; set; }
    [BindProperty] public string? Start { get; set; }
    [BindProperty] public string? End { get; set; }
    [BindProperty] public string? PickUp { get; set; }
    [BindProperty] public List<string?> Destinations { get; set; } = [];
    [BindProperty] public int? Passengers { get; set; } = 1;
    [BindProperty] public string? PassengerNames { get; set; }
    [BindProperty] public string? WantedClass { get; set; }
    [BindProperty] public string? Urgency { get; set; } = nameof(TripUrgency.Normal);
    [BindProperty] public bool WithDriver { get; set; } = true;
    [BindProperty] public bool OutOfRegion { get; set; }

    public void OnGet()
    {
        // A first guess the clerk usually only nudges: tomorrow morning, for two hours.
        var tomorrow = Clock.GetCurrentInstant().InZone(Zone).Date.PlusDays(1);
        Start = Picker.Format(tomorrow.At(new LocalTime(9, 0)));
        End = Picker.Format(tomorrow.At(new LocalTime(11, 0)));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var start = Moment(Start, "start");
        var end = Moment(End, "end");
        var names = (PassengerNames ?? "").Split([',', '，', '、'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var form = new RequestTripForm(Purpose, PurposeText, Passengers, names, PickUp, Destinations, start, end,
            string.IsNullOrEmpty(WantedClass) ? null : WantedClass, Urgency, WithDriver, OutOfRegion);
        if (Errors.Count == 0 && (await SendAsync(new RequestTrip(form))).Accepted)
        {
            TempData["Notice"] = Service<WebText>()["request.sent"];
            return RedirectToPage("/Trips/Index");
        }

        return Page();
    }
}
