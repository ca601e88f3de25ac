using System.Globalization;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Server.Positions.Geofences;
using Fleet.Server.Positions.Tracks;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Server.Web.Pages.Positions;

/// <summary>
/// The pool's geofences for its supervisors: the list, and a form that draws one with the same command the API sends —
/// a circle by its centre and radius, or a polygon by its corners pasted one per line. With scripts the map shows every
/// geofence and draws the new shape into the same fields (maps.js): the form stays the one way the command is sent.
/// </summary>
[Authorize(Roles = nameof(Role.Supervisor))]
public sealed class GeofencesModel : WebPage
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string Shape { get; set; } = "circle";
    [BindProperty] public double? Latitude { get; set; }
    [BindProperty] public double? Longitude { get; set; }
    [BindProperty] public int? RadiusMetres { get; set; }
    [BindProperty] public string? Corners { get; set; }

    /// <summary>The geofence being changed: the form then holds its name, kind and shape, and saving redraws it.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }

    public IReadOnlyList<GeofenceOutline> InForce { get; private set; } = [];

    public MapSettings Maps => Service<MapSettings>();

    public IWebHostEnvironment Environment => Service<IWebHostEnvironment>();

    /// <summary>The geofences for the map: name, kind in words and in code (its colour), and the shape in degrees.</summary>
    public string ShapesJson
    {
        get
        {
            var t = Service<WebText>();
            return JsonSerializer.Serialize(InForce.Select(g => new
            {
                id = g.Id,
                name = g.Name,
                kind = g.Kind.ToString(),
                kindText = t.Term(g.Kind),
                centre = g.Shape.Centre is { } c ? new[] { c.Latitude, c.Longitude } : null,
                radius = g.Shape.RadiusMetres,
                polygon = g.Shape.Polygon?.Select(p => new[] { p.Latitude, p.Longitude }),
            }));
        }
    }

    public GeofenceOutline? Editing => Edit is { } id ? InForce.FirstOrDefault(g => g.Id == id) : null;

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (Editing is not { } g) return;
        (Name, Kind) = (g.Name, g.Kind.ToString());
        if (g.Shape is { Centre: { } centre, RadiusMetres: { } radius })
            (Shape, Latitude, Longitude, RadiusMetres) = ("circle", centre.Latitude, centre.Longitude, radius);
        else
            (Shape, Corners) = ("polygon", string.Join("\n", (g.Shape.Polygon ?? []).SkipLast(1).Select(p => $"{Degrees(p.Latitude)},{Degrees(p.Longitude)}")));
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var kind = Enum.TryParse<GeofenceKind>(Kind, out var k) && Enum.IsDefined(k) ? k : (GeofenceKind?)null;
        var form = Shape == "polygon"
            ? new DrawGeofenceForm(Name, kind, CornersOf(Corners), null, null)
            : new DrawGeofenceForm(Name, kind, null, Latitude is { } lat && Longitude is { } lon ? new GeoPoint(lat, lon) : null, RadiusMetres);
        if (Errors.Count == 0 && Edit is { } id && (await SendAsync(new RedrawGeofence(id, form))).Accepted) return Done("geofences.redrawn");
        if (Errors.Count == 0 && Edit is null && (await SendAsync(new DrawGeofence(form))).Accepted) return Done("geofences.drawn");

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id)
    {
        if ((await SendAsync(new RemoveGeofence(id))).Accepted) return Done("geofences.removed");
        await LoadAsync();
        return Page();
    }

    /// <summary>In words: a circle's centre and radius, or how many corners a polygon has.</summary>
    public string ShapeText(GeofenceShape shape)
    {
        var t = Service<WebText>();
        return shape is { Centre: { } centre, RadiusMetres: { } radius }
            ? t.Format("geofences.circle_of", Degrees(centre.Latitude), Degrees(centre.Longitude), radius)
            : t.Format("geofences.polygon_of", (shape.Polygon?.Count ?? 1) - 1);
    }

    protected override async Task LoadAsync() => InForce = await AskAsync(new ListGeofences()) ?? [];

    private static string Degrees(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>One corner a line, latitude then longitude, separated by a comma or a space; an unreadable line is named.</summary>
    private IReadOnlyList<GeoPoint>? CornersOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var corners = new List<GeoPoint>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split([',', ' ', '，', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var lat) && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var lon))
                corners.Add(new GeoPoint(lat, lon));
            else
            {
                Errors["polygon"] = Service<WebText>().Format("geofences.corner_unreadable", line);
                return null;
            }
        }

        return corners;
    }
}
