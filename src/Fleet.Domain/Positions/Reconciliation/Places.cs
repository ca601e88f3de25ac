using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Distance;

namespace Fleet.Domain.Positions.Reconciliation;

/// <summary>A place on WGS-84 in decimal degrees, north and east positive, as terminals report it.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    /// <summary>
    /// Great-circle distance by the haversine formula on a sphere of the earth's mean radius. Against the WGS-84
    /// ellipsoid it is off by at most about 0.5 %, far inside every tolerance the reconciliation applies, and it
    /// needs no projection, so a car crossing a zone boundary is measured like any other.
    /// </summary>
    public double KilometresTo(GeoPoint other)
    {
        const double earthMeanRadiusKm = 6371.0088;
        var lat1 = Radians(Latitude);
        var lat2 = Radians(other.Latitude);
        var dLat = lat2 - lat1;
        var dLon = Radians(other.Longitude - Longitude);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(lat1) * Math.Cos(lat2) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * earthMeanRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>A fix with a latitude or longitude off the globe is the terminal's garbage, not a place.</summary>
    public bool IsOnTheGlobe() =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude) && Math.Abs(Latitude) <= 90 && Math.Abs(Longitude) <= 180;

    private static double Radians(double degrees) => degrees * Math.PI / 180;

    internal Coordinate ToCoordinate() => new(Longitude, Latitude);
}

/// <summary>
/// A part of the map the rules ask "is the car inside?" of: the city, a car's base, a supervisor's geofence.
/// Boundaries count as inside.
/// </summary>
public abstract class Area
{
    public abstract bool Contains(GeoPoint point);

    /// <summary>How far outside the area the point is, in kilometres; 0 inside.</summary>
    public abstract double KilometresOutside(GeoPoint point);

    public static Area Polygon(params GeoPoint[] ring) => new PolygonArea(ring);

    public static Area Circle(GeoPoint centre, double radiusMetres) => new CircleArea(centre, radiusMetres);
}

/// <summary>
/// A polygon drawn on the map, its edges straight in longitude and latitude. Areas the size of a city are drawn
/// from many points, so the difference from a geodesic edge (metres over a few kilometres) is below what a
/// supervisor can draw. Containment is planar in degrees through NetTopologySuite; distances stay haversine.
/// </summary>
public sealed class PolygonArea : Area
{
    private static readonly GeometryFactory Factory = new();
    private readonly Polygon polygon;
    private readonly IPreparedGeometry prepared;

    public PolygonArea(IReadOnlyList<GeoPoint> ring)
    {
        if (ring.Count < 3) throw new ArgumentException("A polygon needs at least three corners.", nameof(ring));
        Ring = ring;
        // People draw rings open or closed; NetTopologySuite wants them closed.
        var coordinates = ring.Select(p => p.ToCoordinate()).ToList();
        if (!coordinates[0].Equals2D(coordinates[^1])) coordinates.Add(coordinates[0].Copy());
        polygon = Factory.CreatePolygon(coordinates.ToArray());
        prepared = PreparedGeometryFactory.Prepare(polygon);
    }

    public IReadOnlyList<GeoPoint> Ring { get; }

    /// <summary>Whether the ring encloses an inside: its edges do not cross (a bow tie has none).</summary>
    public bool IsSimple() => polygon.IsValid;

    public override bool Contains(GeoPoint point) => prepared.Covers(Factory.CreatePoint(point.ToCoordinate()));

    public override double KilometresOutside(GeoPoint point)
    {
        if (Contains(point)) return 0;
        var nearest = DistanceOp.NearestPoints(polygon, Factory.CreatePoint(point.ToCoordinate()))[0];
        return point.KilometresTo(new GeoPoint(nearest.Y, nearest.X));
    }
}

/// <summary>A circle around a point, its radius measured on the ground.</summary>
public sealed class CircleArea(GeoPoint centre, double radiusMetres) : Area
{
    public GeoPoint Centre { get; } = centre;

    public double RadiusMetres { get; } = radiusMetres;

    public override bool Contains(GeoPoint point) => KilometresFromCentre(point) * 1000 <= RadiusMetres;

    public override double KilometresOutside(GeoPoint point) => Math.Max(0, KilometresFromCentre(point) - RadiusMetres / 1000);

    private double KilometresFromCentre(GeoPoint point) => Centre.KilometresTo(point);
}

/// <summary>What a supervisor marks a geofence as; a dwell there is judged by what the place is.</summary>
public enum GeofenceKind
{
    ScenicSpot,
    EntertainmentVenue,
    PrivateAddress,
    Other,
}

/// <summary>A place a supervisor wants to know about when a car lingers there (风景名胜区, 娱乐场所, a home address).</summary>
public sealed record Geofence(string Name, GeofenceKind Kind, Area Area);

/// <summary>
/// Where a car is kept when not on a trip: a yard drawn as an area, or just a point, which counts as the circle of
/// the policy's <see cref="ReconciliationPolicy.BaseRadiusMetres"/> around it (a parking spot is never exact).
/// </summary>
public sealed record CarBase(Area? Yard, GeoPoint? Point)
{
    public static CarBase At(GeoPoint point) => new(null, point);

    public static CarBase Within(Area yard) => new(yard, null);

    public Area AsArea(ReconciliationPolicy policy) =>
        Yard ?? Area.Circle(Point ?? throw new InvalidOperationException("A base is a yard or a point."), policy.BaseRadiusMetres);
}

/// <summary>
/// The places the rules look at: the car's base, the area its trips are approved for, the supervisors' geofences. A pool
/// that has recorded no base, or a server with no city area configured, leaves that place out: the rules that need it
/// (away from base, not back overnight; left the approved area) are then not run, rather than judged against a guess.
/// </summary>
public sealed record ReconciliationPlaces(CarBase? Base, Area? ApprovedArea, IReadOnlyList<Geofence> Geofences);
