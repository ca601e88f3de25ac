using System.Text.Json;
using Fleet.Samples.DemoCity.Geography;
using Fleet.Testing;
using FluentAssertions;
using NetTopologySuite.Geometries;
using Xunit;

namespace Fleet.Server.Tests.Demo;

/// <summary>
/// The demo city's map as the pages draw it and the demo cars drive it: one small GeoJSON file whose roads stay out of
/// the water except on bridges and join every depot and destination to every other.
/// </summary>
public sealed class WCityMapTests
{
    private static readonly string File = TestRepository.PathOf("src", "Fleet.Server", "wwwroot", "maps", "w-city.geojson");
    private static readonly WCityMap Map = WCityMap.Load();

    [Fact]
    public void Is_one_small_feature_collection_whose_features_say_their_layer_names_and_kind()
    {
        new FileInfo(File).Length.Should().BeLessThan(300_000);
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(File));
        document.RootElement.GetProperty("type").GetString().Should().Be("FeatureCollection");
        var features = document.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        features.Select(p => p.GetProperty("layer").GetString()).Distinct().Should().BeEquivalentTo(["road", "district", "water", "depot", "place"]);
        features.Should().OnlyContain(p => p.GetProperty("name_zh").GetString()!.Length > 0 && p.GetProperty("name_en").GetString()!.Length > 0
            && p.GetProperty("kind").GetString()!.Length > 0);
        features.Where(p => p.GetProperty("layer").GetString() == "road").Should().HaveCountGreaterThan(30, "a few dozen named roads");
    }

    [Fact]
    public void Has_a_depot_for_every_pool_and_a_place_for_every_destination_the_demo_trips_name()
    {
        foreach (var pool in new[] { Fleet.Samples.DemoCity.WCity.City }.Concat(Fleet.Samples.DemoCity.WCity.Districts))
        {
            Map.Depot(pool.Code).Should().NotBeNull();
            if (!pool.IsCity) pool.Streets.Should().OnlyContain(street => Map.Find(pool.Name + street) != null, $"the trips of {pool.Name} go to its streets");
        }

        Fleet.Samples.DemoCity.WCity.CityPlaces.Should().OnlyContain(place => Map.Find(place) != null);
        Fleet.Samples.DemoCity.WCity.OutOfRegion.Should().OnlyContain(town => Map.Find(town.Place + "人民政府") != null);
        Map.Flagged.Select(p => p.Kind).Distinct().Should().BeEquivalentTo(["scenic", "entertainment"]);
    }

    [Fact]
    public void Roads_cross_water_only_on_bridges_and_every_bridge_crosses_it()
    {
        var factory = new GeometryFactory();
        var water = Features("water").Select(f => (Geometry)factory.CreatePolygon(Coordinates(f.GetProperty("geometry").GetProperty("coordinates")[0]))).ToList();
        foreach (var (name, kind, points) in Map.Roads)
        {
            for (var i = 1; i < points.Count; i++)
            {
                var segment = factory.CreateLineString([new Coordinate(points[i - 1].Longitude, points[i - 1].Latitude), new Coordinate(points[i].Longitude, points[i].Latitude)]);
                water.Any(w => w.Intersects(segment)).Should().Be(kind == "bridge", $"{name} ({kind}) crosses water only if it is a bridge");
            }
        }
    }

    [Fact]
    public void A_way_runs_along_the_roads_between_every_pair_of_depots_and_destinations()
    {
        var segments = Map.Roads.SelectMany(r => r.Points.Zip(r.Points.Skip(1))).SelectMany(s => new[] { s, (s.Second, s.First) }).ToHashSet();
        var places = Map.Places.Where(p => p.Kind is "depot" or "destination" or "out_of_region").ToList();
        foreach (var from in places)
        foreach (var to in places.Where(p => p != from))
        {
            var route = Map.Route(from.Point, to.Point);
            route.Should().NotBeNull($"{from.NameZh} to {to.NameZh}");
            route!.Start.Should().Be(Map.Snap(from.Point));
            route.End.Should().Be(Map.Snap(to.Point));
            // Two places at one junction are a way of one point.
            route.Points.Zip(route.Points.Skip(1)).All(segments.Contains).Should().BeTrue("a way follows the roads from junction to junction");
            route.Points.Count.Should().BeGreaterThan(Map.Snap(from.Point) == Map.Snap(to.Point) ? 0 : 1);
            route.Metres.Should().BeApproximately(Map.MetresBetween(from.Point, to.Point), 1);
        }
    }

    [Fact]
    public void The_shortest_way_across_the_river_takes_a_bridge_and_is_no_longer_than_any_other()
    {
        var hankou = Map.Depot("420102").Point;
        var wuchang = Map.Depot("420106").Point;
        var route = Map.Route(hankou, wuchang)!;

        route.Roads.Should().Contain(road => road.EndsWith("桥", StringComparison.Ordinal), "the river is crossed on a bridge");
        route.Metres.Should().BeGreaterThan(hankou.MetresTo(wuchang)).And.BeLessThan(2.5 * hankou.MetresTo(wuchang));
        var viaAirport = Map.Route(hankou, Map.Find("天河机场")!.Point)!.Then(Map.Route(Map.Find("天河机场")!.Point, wuchang)!);
        route.Metres.Should().BeLessThan(viaAirport.Metres);
    }

    private static IEnumerable<JsonElement> Features(string layer)
    {
        var document = JsonDocument.Parse(System.IO.File.ReadAllText(File));
        return document.RootElement.GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("properties").GetProperty("layer").GetString() == layer).ToList();
    }

    private static Coordinate[] Coordinates(JsonElement ring) => ring.EnumerateArray().Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble())).ToArray();
}
