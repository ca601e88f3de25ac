using System.Text.Json;
using Fleet.Domain.Positions.Tracks;
using Fleet.Projections.VehicleRegistry;
using Fleet.Server.Positions.Tracks;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Positions;

/// <summary>
/// A car's track over chosen days, for supervisors: the line played back on the map, the distance, the stops and the
/// car's trips in the period. The answer is the API's own (<see cref="GetVehicleTrack"/>): the same privacy rule and one
/// recorded look per answer. Anybody else is told in words why not, with the status the API would give.
/// </summary>
[Authorize]
public sealed class VehicleTrackModel : WebPage
{
    [BindProperty(SupportsGet = true)] public Guid? Vehicle { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public IReadOnlyList<VehicleSummary> Cars { get; private set; } = [];

    public Track? Shown { get; private set; }

    public bool Refused { get; private set; }

    public MapSettings Maps => Service<MapSettings>();

    public IWebHostEnvironment Environment => Service<IWebHostEnvironment>();

    public async Task OnGetAsync()
    {
        // The rule first: who may not see a car outside its trips is not shown the cars to choose from either.
        if (TrackLooks.MaySeePeriod(Me.Roles) is { } notAllowed)
        {
            Refuse(FleetProblems.From([notAllowed], Text).ProblemDetails, answerStatus: true);
            Refused = true;
            return;
        }

        var today = Clock.GetCurrentInstant().InZone(Zone).Date.ToString("uuuu-MM-dd", null);
        (From, To) = (string.IsNullOrWhiteSpace(From) ? today : From, string.IsNullOrWhiteSpace(To) ? today : To);
        await using (var session = Read())
        {
            var cars = Me.SeesWholeCity
                ? await session.Query<VehicleSummary>().Where(v => v.InCity()).ToListAsync(HttpContext.RequestAborted)
                : await session.Query<VehicleSummary>().ToListAsync(HttpContext.RequestAborted);
            Cars = cars.OrderBy(c => c.Plate, StringComparer.Ordinal).ToList();
        }

        if (Vehicle is { } car) Shown = await AskAsync(new GetVehicleTrack(car, From, To), answerRefusal: true);
    }

    /// <summary>What the map plays back and marks: the drawn fixes and the stops, in the shape maps.js reads.</summary>
    public string TrackJson => Shown is not { } track ? "{}" : JsonSerializer.Serialize(new
    {
        points = track.Points.Select(p => new { lat = p.Lat, lon = p.Lon, local = p.Local, speedKmh = p.SpeedKmh }),
        stops = (track.Summary?.Stops ?? []).Select(s => new { lat = s.Lat, lon = s.Lon, label = Service<WebText>().Format("vehicle_track.stop_at", s.LocalFrom[11..16], s.Minutes) }),
    });

    /// <summary>A stop's length in words: minutes up to an hour, hours and minutes after.</summary>
    public string Length(int minutes)
    {
        var t = Service<WebText>();
        return minutes < 60 ? t.Format("vehicle_track.minutes", minutes) : t.Format("vehicle_track.hours_minutes", minutes / 60, minutes % 60);
    }
}
