using System.Text.Json;

namespace Fleet.Samples.DemoCity.Geography;

/// <summary>A named point of the map: a pool's depot, a trip destination, a place a supervisor flags.</summary>
/// <param name="Kind">depot, destination, out_of_region, scenic or entertainment.</param>
/// <param name="Pool">The division code of the pool whose depot it is; null for any other place.</param>
/// <param name="RadiusMetres">How far a flagged place reaches around its point; null for any other place.</param>
public sealed record MapPlace(string NameZh, string NameEn, string Kind, GeoPoint Point, string? Pool, int? RadiusMetres = null);

/// <summary>
/// The demo city's geography, read from the one GeoJSON file Fleet ships (<c>wwwroot/maps/w-city.geojson</c>, written by
/// <c>Geography/w-city.py</c>): the roads as a graph whose nodes are their vertices, roads that share a vertex meeting
/// there; the depots and places; shortest ways between any two points by Dijkstra over the road lengths.
/// </summary>
public sealed class WCityMap
{
    private readonly List<GeoPoint> _nodes = [];
    private readonly Dictionary<GeoPoint, int> _nodeOf = [];
    private readonly List<List<(int To, double Metres, string Road)>> _edges = [];
    private double[][]? _allPairs;

    private WCityMap(JsonDocument geojson)
    {
        var places = new List<MapPlace>();
        var roads = new List<(string Name, string Kind, IReadOnlyList<GeoPoint> Points)>();
        var districts = new List<GeoPoint>();
        foreach (var feature in geojson.RootElement.GetProperty("features").EnumerateArray())
        {
            var properties = feature.GetProperty("properties");
            var geometry = feature.GetProperty("geometry");
            var layer = properties.GetProperty("layer").GetString();
            var nameZh = properties.GetProperty("name_zh").GetString()!;
            var kind = properties.GetProperty("kind").GetString()!;
            if (layer == "road")
            {
                var points = geometry.GetProperty("coordinates").EnumerateArray().Select(ReadPoint).ToList();
                roads.Add((nameZh, kind, points));
                for (var i = 1; i < points.Count; i++) Join(points[i - 1], points[i], nameZh);
            }
            else if (layer == "district")
            {
                districts.AddRange(geometry.GetProperty("coordinates")[0].EnumerateArray().Select(ReadPoint));
            }
            else if (layer is "depot" or "place")
            {
                var pool = properties.TryGetProperty("pool", out var code) ? code.GetString() : null;
                int? radius = properties.TryGetProperty("radius_m", out var metres) ? metres.GetInt32() : null;
                places.Add(new MapPlace(nameZh, properties.GetProperty("name_en").GetString()!, kind, ReadPoint(geometry.GetProperty("coordinates")), pool, radius));
            }
        }

        Places = places;
        Roads = roads;
        Districts = districts;
    }

    private static readonly Lazy<WCityMap> Shipped = new(() =>
    {
        using var stream = typeof(WCityMap).Assembly.GetManifestResourceStream("w-city.geojson")
                           ?? throw new InvalidOperationException("The demo city's map w-city.geojson is not embedded.");
        using var document = JsonDocument.Parse(stream);
        return new WCityMap(document);
    });

    /// <summary>The map Fleet ships, read once.</summary>
    public static WCityMap Load() => Shipped.Value;

    public IReadOnlyList<MapPlace> Places { get; }

    /// <summary>Every road with its kind (trunk, primary, street, bridge, expressway) and its points.</summary>
    public IReadOnlyList<(string Name, string Kind, IReadOnlyList<GeoPoint> Points)> Roads { get; }

    /// <summary>The junctions and bends of the roads: the nodes of the graph.</summary>
    public IReadOnlyList<GeoPoint> Nodes => _nodes;

    /// <summary>The corners of the districts' outlines.</summary>
    public IReadOnlyList<GeoPoint> Districts { get; }

    /// <summary>
    /// The area the city's trips are approved for unless marked out of region: a rectangle around the districts and every
    /// place of the city (the airport lies beyond the districts), two kilometres wide of them, as the city would draw it.
    /// </summary>
    public IReadOnlyList<GeoPoint> CityArea()
    {
        const double margin = 0.02;
        var corners = Districts.Concat(Places.Where(p => p.Kind != "out_of_region").Select(p => p.Point)).ToList();
        var (south, north) = (corners.Min(p => p.Latitude) - margin, corners.Max(p => p.Latitude) + margin);
        var (west, east) = (corners.Min(p => p.Longitude) - margin, corners.Max(p => p.Longitude) + margin);
        return [new(south, west), new(south, east), new(north, east), new(north, west)];
    }

    public MapPlace Depot(string pool) =>
        Places.FirstOrDefault(p => p.Kind == "depot" && p.Pool == pool) ?? throw new ArgumentException($"No depot for pool {pool} on the map.", nameof(pool));

    /// <summary>The place a trip's destination names, as the demo trips write them (a place of the city, a street, a town plus an office).</summary>
    public MapPlace? Find(string destination) =>
        Places.FirstOrDefault(p => p.NameZh == destination) ?? Places.FirstOrDefault(p => p.Kind == "out_of_region" && destination.StartsWith(p.NameZh, StringComparison.Ordinal));

    public IEnumerable<MapPlace> Flagged => Places.Where(p => p.Kind is "scenic" or "entertainment");

    /// <summary>The road node nearest to a point: where a car standing there joins the roads.</summary>
    public GeoPoint Snap(GeoPoint point) => _nodes[NearestNode(point)];

    /// <summary>The shortest way by road from one point to another, each snapped to its nearest node; null where none joins them.</summary>
    public Route? Route(GeoPoint from, GeoPoint to)
    {
        var goal = NearestNode(to);
        var (distance, previous) = ShortestFrom(NearestNode(from), goal);
        if (double.IsPositiveInfinity(distance[goal])) return null;
        var points = new List<GeoPoint>();
        var roads = new List<string>();
        for (var at = goal; at != -1; at = previous[at].Node)
        {
            points.Add(_nodes[at]);
            if (previous[at].Node != -1) roads.Add(previous[at].Road);
        }

        points.Reverse();
        roads.Reverse();
        return new Route(points, roads.Distinct().ToList());
    }

    /// <summary>
    /// Metres by road between the nodes nearest to two points, from a table of every pair worked out once: what choosing
    /// among many candidate ways asks, without a search each time.
    /// </summary>
    /// <remarks>Two threads asking first may both work the table out; they get the same one.</remarks>
    public double MetresBetween(GeoPoint from, GeoPoint to)
    {
        _allPairs ??= Enumerable.Range(0, _nodes.Count).Select(n => ShortestFrom(n, -1).Distance).ToArray();
        return _allPairs[NearestNode(from)][NearestNode(to)];
    }

    /// <summary>Dijkstra from one node, stopping at <paramref name="goal"/> once it is settled (-1: every node).</summary>
    private (double[] Distance, (int Node, string Road)[] Previous) ShortestFrom(int start, int goal)
    {
        var distance = new double[_nodes.Count];
        var previous = new (int Node, string Road)[_nodes.Count];
        Array.Fill(distance, double.PositiveInfinity);
        Array.Fill(previous, (-1, ""));
        distance[start] = 0;
        var queue = new PriorityQueue<int, double>();
        queue.Enqueue(start, 0);
        while (queue.TryDequeue(out var node, out var reached))
        {
            if (node == goal) break;
            if (reached > distance[node]) continue;
            foreach (var (next, metres, road) in _edges[node])
            {
                if (reached + metres >= distance[next]) continue;
                distance[next] = reached + metres;
                previous[next] = (node, road);
                queue.Enqueue(next, distance[next]);
            }
        }

        return (distance, previous);
    }

    private void Join(GeoPoint a, GeoPoint b, string road)
    {
        var from = NodeOf(a);
        var to = NodeOf(b);
        var metres = a.MetresTo(b);
        _edges[from].Add((to, metres, road));
        _edges[to].Add((from, metres, road));
    }

    private int NodeOf(GeoPoint point)
    {
        if (_nodeOf.TryGetValue(point, out var node)) return node;
        _nodes.Add(point);
        _edges.Add([]);
        return _nodeOf[point] = _nodes.Count - 1;
    }

    private int NearestNode(GeoPoint point)
    {
        var best = 0;
        var bestMetres = double.PositiveInfinity;
        for (var i = 0; i < _nodes.Count; i++)
        {
            var metres = point.MetresTo(_nodes[i]);
            if (metres < bestMetres) (best, bestMetres) = (i, metres);
        }

        return best;
    }

    /// <summary>GeoJSON writes longitude first; six decimals, as the file does, so that shared vertices are one node.</summary>
    private static GeoPoint ReadPoint(JsonElement coordinates) =>
        new(Math.Round(coordinates[1].GetDouble(), 6), Math.Round(coordinates[0].GetDouble(), 6));
}
