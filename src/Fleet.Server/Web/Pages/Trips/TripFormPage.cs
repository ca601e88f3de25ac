using Microsoft.AspNetCore.Mvc;
using Fleet.Domain.Trips;

namespace Fleet.Server.Web.Pages.Trips;

/// <summary>
/// The fields of a request as the clerk types them, shared by the request form and its amendment: both send a whole
/// <see cref="RequestTripForm"/>, so the two pages cannot drift apart.
/// </summary>
public abstract class TripFormPage : WebPage
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
    [BindProperty] public string? ContactName { get; set; }
    [BindProperty] public string? ContactPhone { get; set; }

    /// <summary>The form as the command carries it; an unreadable time is already reported on its field.</summary>
    protected RequestTripForm Form()
    {
        var start = Moment(Start, "start");
        var end = Moment(End, "end");
        var names = (PassengerNames ?? "").Split([',', '，', '、'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new RequestTripForm(Purpose, PurposeText, Passengers, names, PickUp, Destinations, start, end,
            string.IsNullOrEmpty(WantedClass) ? null : WantedClass, Urgency, WithDriver, OutOfRegion, new TripContactForm(ContactName, ContactPhone));
    }

    /// <summary>The fields as the request now stands, for changing it.</summary>
    protected void Fill(TripDetails details, TripContact? contact)
    {
        ContactName = contact?.Name;
        ContactPhone = contact?.Phone;
        Purpose = details.Purpose.ToString();
        PurposeText = details.PurposeText;
        Start = Picker.Format(details.Start.InZone(Zone).LocalDateTime);
        End = Picker.Format(details.End.InZone(Zone).LocalDateTime);
        PickUp = details.PickUp;
        Destinations = [.. details.Destinations];
        Passengers = details.Passengers;
        PassengerNames = string.Join("，", details.PassengerNames);
        WantedClass = details.WantedClass?.ToString();
        Urgency = details.Urgency.ToString();
        WithDriver = details.WithDriver;
        OutOfRegion = details.OutOfRegion;
    }
}
