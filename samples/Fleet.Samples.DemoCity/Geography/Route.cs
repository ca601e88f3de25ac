namespace Fleet.Samples.DemoCity.Geography;

/// <summary>A way along the roads: its points in order, the roads it takes, and how far it is.</summary>
public sealed class Route
{
    private readonly double[] _from;

    public Route(IReadOnlyList<GeoPoint> points, IReadOnlyList<string> roads)
    {
        if (points.Count == 0) throw new ArgumentException("A route has at least one point.", nameof(points));
        Points = points;
        Roads = roads;
        _from = new double[points.Count];
        for (var i = 1; i < points.Count; i++) _from[i] = _from[i - 1] + points[i - 1].MetresTo(points[i]);
    }

    public IReadOnlyList<GeoPoint> Points { get; }

    /// <summary>The names of the roads taken, each once in the order first driven on.</summary>
    public IReadOnlyList<string> Roads { get; }

    public double Metres => _from[^1];

    public GeoPoint Start => Points[0];

    public GeoPoint End => Points[^1];

    /// <summary>The way there and back again, as a round trip from a depot drives it.</summary>
    public Route Then(Route next) =>
        new([.. Points, .. next.Points.Skip(1)], [.. Roads, .. next.Roads.Where(r => !Roads.Contains(r))]);

    /// <summary>Where a car is after <paramref name="metres"/> along the route, and which way it faces.</summary>
    public (GeoPoint Point, int Direction) At(double metres)
    {
        if (Points.Count == 1) return (Points[0], 0);
        metres = Math.Clamp(metres, 0, Metres);
        var i = Array.BinarySearch(_from, metres);
        if (i < 0) i = ~i - 1;
        i = Math.Clamp(i, 0, Points.Count - 2);
        var length = _from[i + 1] - _from[i];
        var fraction = length <= 0 ? 0 : (metres - _from[i]) / length;
        return (Points[i].Towards(Points[i + 1], fraction), Points[i].DirectionTo(Points[i + 1]));
    }
}
