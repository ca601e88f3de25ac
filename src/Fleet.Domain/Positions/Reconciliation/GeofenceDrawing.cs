using Fleet.Domain.Common;
using NodaTime;

namespace Fleet.Domain.Positions.Reconciliation;

/// <summary>
/// A geofence as a supervisor fills it in: a name, what the place is, and either a polygon (its corners, in order, the
/// ring closed or not) or a circle (a centre and a radius in metres).
/// </summary>
public sealed record DrawGeofenceForm(string? Name, GeofenceKind? Kind, IReadOnlyList<GeoPoint>? Polygon, GeoPoint? Centre, int? RadiusMetres);

/// <summary>A geofence's shape: a closed ring of corners, or a circle.</summary>
public sealed record GeofenceShape(IReadOnlyList<GeoPoint>? Polygon, GeoPoint? Centre, int? RadiusMetres)
{
    public Area ToArea() => Polygon is { } ring ? Area.Polygon([.. ring]) : Area.Circle(Centre!.Value, RadiusMetres!.Value);
}

/// <summary>A supervisor drew a geofence in the pool. Stored as <c>geofence_drawn</c>.</summary>
public sealed record GeofenceDrawn(Guid GeofenceId, string Name, GeofenceKind Kind, GeofenceShape Shape, Guid By, Instant DrawnAt);

/// <summary>A supervisor changed a geofence's name, kind or shape; findings made before keep the name they were made under. Stored as <c>geofence_redrawn</c>.</summary>
public sealed record GeofenceRedrawn(Guid GeofenceId, string Name, GeofenceKind Kind, GeofenceShape Shape, Guid By, Instant RedrawnAt);

/// <summary>A supervisor removed a geofence: tracks checked from now on do not look at it. Stored as <c>geofence_removed</c>.</summary>
public sealed record GeofenceRemoved(Guid GeofenceId, Guid By, Instant RemovedAt);

/// <summary>A geofence in force in a pool, as its events left it.</summary>
public sealed record GeofenceOutline(Guid Id, string Name, GeofenceKind Kind, GeofenceShape Shape, Instant ChangedAt)
{
    public static GeofenceOutline From(GeofenceDrawn e) => new(e.GeofenceId, e.Name, e.Kind, e.Shape, e.DrawnAt);

    public GeofenceOutline When(GeofenceRedrawn e) => this with { Name = e.Name, Kind = e.Kind, Shape = e.Shape, ChangedAt = e.RedrawnAt };

    /// <summary>The store deletes a removed geofence's document; folded here too, so that a decision sees the removal.</summary>
    public GeofenceOutline? When(GeofenceRemoved e) => null;

    public Geofence ToGeofence() => new(Name, Kind, Shape.ToArea());
}

public static class GeofenceDrawing
{
    public const int NameMaxLength = 50;

    /// <summary>Smaller than a house is below what GPS can tell; larger than a district is no place to dwell in.</summary>
    public const int MinRadiusMetres = 10, MaxRadiusMetres = 50_000;

    /// <summary>More corners than a supervisor draws by hand; a pasted outline of a district fits.</summary>
    public const int MaxCorners = 500;

    public static Decision Draw(Guid id, DrawGeofenceForm form, Guid by, Instant now)
    {
        var (name, kind, shape, problems) = Checked(form);
        return problems.Count > 0 ? Decision.Refuse(problems) : Decision.Accept(new GeofenceDrawn(id, name!, kind!.Value, shape!, by, now));
    }

    public static Decision Redraw(GeofenceOutline? current, Guid id, DrawGeofenceForm form, Guid by, Instant now)
    {
        if (current is null) return Decision.Refuse(NotFound(id));
        var (name, kind, shape, problems) = Checked(form);
        return problems.Count > 0 ? Decision.Refuse(problems) : Decision.Accept(new GeofenceRedrawn(id, name!, kind!.Value, shape!, by, now));
    }

    public static Decision Remove(GeofenceOutline? current, Guid id, Guid by, Instant now) =>
        current is null ? Decision.Refuse(NotFound(id)) : Decision.Accept(new GeofenceRemoved(id, by, now));

    private static Problem NotFound(Guid id) => Problem.NotFound("geofence.not_found", "There is no geofence {0} in this pool.", id);

    /// <summary>
    /// The name, the kind and one shape. A polygon needs three distinct corners on the globe and must not cross itself
    /// (a bow tie has no inside); it is stored with its ring closed, however it was typed. A circle needs its centre on
    /// the globe and a radius within bounds.
    /// </summary>
    public static (string? Name, GeofenceKind? Kind, GeofenceShape? Shape, IReadOnlyList<Problem> Problems) Checked(DrawGeofenceForm form)
    {
        var problems = new List<Problem>();
        var name = TextRules.Check(form.Name, "name", NameMaxLength, required: true, problems);
        if (form.Kind is not { } kind) problems.Add(Problem.Required("kind"));
        else if (!Enum.IsDefined(kind))
            problems.Add(Problem.Invalid("geofence.kind_invalid", "kind", "'{0}' is not a kind of geofence: use one of {1}.", kind, CodeList.Describe<GeofenceKind>()));

        var shape = (form.Polygon, form.Centre) switch
        {
            ({ Count: > 0 } ring, null) => PolygonOf(ring, problems),
            (null or { Count: 0 }, { } centre) => CircleOf(centre, form.RadiusMetres, problems),
            (null or { Count: 0 }, null) => Refused(problems, Problem.Invalid("geofence.shape_missing", "polygon",
                "Give the geofence a shape: the corners of a polygon, or a circle's centre and radius.")),
            _ => Refused(problems, Problem.Invalid("geofence.two_shapes", "polygon", "Give either the corners of a polygon or a circle, not both.")),
        };

        return problems.Count > 0 ? (null, null, null, problems) : (name, form.Kind, shape, []);
    }

    private static GeofenceShape? Refused(List<Problem> problems, Problem problem)
    {
        problems.Add(problem);
        return null;
    }

    private static GeofenceShape? PolygonOf(IReadOnlyList<GeoPoint> ring, List<Problem> problems)
    {
        if (ring.Count > MaxCorners)
            return Refused(problems, Problem.Invalid("geofence.too_many_corners", "polygon", "A geofence has at most {0} corners; {1} were given.", MaxCorners, ring.Count));
        if (ring.Where(p => !p.IsOnTheGlobe()).Select(p => (GeoPoint?)p).FirstOrDefault() is { } off)
            return Refused(problems, Problem.Invalid("geofence.point_off_globe", "polygon",
                "{0}, {1} is not on the globe: latitude is between -90 and 90, longitude between -180 and 180.", off.Latitude, off.Longitude));
        if (ring.Distinct().Count() < 3)
            return Refused(problems, Problem.Invalid("geofence.too_few_corners", "polygon", "A polygon needs at least three different corners; {0} were given.",
                ring.Distinct().Count()));

        List<GeoPoint> closed = [.. ring];
        if (closed[0] != closed[^1]) closed.Add(closed[0]);
        if (!((PolygonArea)Area.Polygon([.. closed])).IsSimple())
            return Refused(problems, Problem.Invalid("geofence.polygon_crosses_itself", "polygon",
                "The polygon's edges cross each other: list the corners in order around the place."));
        return new GeofenceShape(closed, null, null);
    }

    private static GeofenceShape? CircleOf(GeoPoint centre, int? radius, List<Problem> problems)
    {
        if (!centre.IsOnTheGlobe())
            problems.Add(Problem.Invalid("geofence.point_off_globe", "centre",
                "{0}, {1} is not on the globe: latitude is between -90 and 90, longitude between -180 and 180.", centre.Latitude, centre.Longitude));
        if (radius is not { } r) problems.Add(Problem.Required("radiusMetres"));
        else if (r is < MinRadiusMetres or > MaxRadiusMetres)
            problems.Add(Problem.Invalid("geofence.radius_out_of_range", "radiusMetres",
                "A circle's radius is between {0} m and {1} m; {2} m were given.", MinRadiusMetres, MaxRadiusMetres, r));
        return problems.Count > 0 ? null : new GeofenceShape(null, centre, radius);
    }
}
