using Fleet.Server.Infrastructure.Database;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Fleet.Server.Tests.Hosting;

/// <summary>The list of a province's cities as the operator writes it, and what a mistake in it is told as (ADR 025).</summary>
public sealed class CityMapTests
{
    private const string Province = "Host=db0;Database=hubei";
    private const string First = "Host=db1;Database=wuhan", Second = "Host=db2;Database=others";

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(
            settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)).Append(KeyValuePair.Create("ConnectionStrings:Fleet", (string?)Province))).Build();

    private static (string, string)[] CityAt(int index, string code, string name, string connectionString, params string[] pools) =>
    [
        ($"Fleet:Cities:{index}:Code", code),
        ($"Fleet:Cities:{index}:Name", name),
        ($"Fleet:Cities:{index}:ConnectionString", connectionString),
        .. pools.Select((pool, i) => ($"Fleet:Cities:{index}:Pools:{i}", pool)),
    ];

    [Fact]
    public void No_cities_listed_is_one_city_in_the_main_database()
    {
        var map = CityMap.From(new ConfigurationBuilder().Build());

        map.IsProvince.Should().BeFalse();
        map.DatabaseOf("420102").Should().BeNull();
    }

    [Fact]
    public void Cities_naming_the_same_database_share_it_and_each_pool_finds_its_citys()
    {
        var map = CityMap.From(Settings([
            .. CityAt(0, "420100", "武汉市", First, "420100", "420102"),
            .. CityAt(1, "420600", "襄阳市", Second, "420600", "420602"),
            // Spelled differently, the same server and database.
            .. CityAt(2, "429004", "仙桃市", "Database=others;Host=DB2;Port=5432"),
        ]));

        map.IsProvince.Should().BeTrue();
        map.Databases.Select(d => d.Id).Should().Equal("city-420100", "city-420600-429004");
        map.DatabaseOf("420102")!.Id.Should().Be("city-420100");
        map.DatabaseOf("429004")!.Id.Should().Be("city-420600-429004", "a city without a pools list runs its own pool");
        map.DatabaseOf("420602")!.Cities.Should().Equal("420600", "429004");
        map.DatabaseOf("420000").Should().BeNull("the province's own pool is in the province's database");
        map.Cities.Single(c => c.Code == "429004").DatabaseId.Should().Be("city-420600-429004");
        map.SameCity("420600", "420602").Should().BeTrue();
        map.SameCity("420602", "429004").Should().BeFalse("cities sharing a database are two cities all the same");
        map.PoolsOfCityOf("420102").Should().Equal("420100", "420102");
        map.PoolsOfCityOf("420000").Should().Equal(["420000"], "a pool no city runs is a city of its own");
        map.ProvincePool.Should().Be("420000", "the province's organisation and its supervisors have a pool of their own");
        CityMap.OneCity.ProvincePool.Should().BeNull("a single city has no province above it");
        CityMap.OneCity.SameCity("420102", "420103").Should().BeTrue("a single city has every pool");
    }

    [Fact]
    public void Each_mistake_is_named_with_the_setting_it_is_in()
    {
        var problems = CityMap.Problems(Settings([
            .. CityAt(0, "420100", "武汉市", First, "420100", "420102"),
            .. CityAt(1, "420102", "", "not a connection string", "420102", "42x"),
            .. CityAt(2, "420100", "武汉市", ""),
        ]));

        problems.Should().BeEquivalentTo(
            "Fleet:Cities:1:Code must be the six-digit division code of a city (such as 420100 or 429004); it is '420102'.",
            "Fleet:Cities:1:Name must give the city's name.",
            "Fleet:Cities:1:ConnectionString is not a PostgreSQL connection string.",
            "Fleet:Cities:1:Pools has 420102, which is already a pool of city 420100.",
            "Fleet:Cities:1:Pools has '42x', which is not a pool's division code.",
            "Fleet:Cities:2:ConnectionString must name the city's database.",
            "Fleet:Cities:2:Code 420100 is listed twice.",
            "Fleet:Cities:2:Pools has 420100, which is already a pool of city 420100.");
        FleetDatabase.MissingPrerequisite(Settings(CityAt(0, "420100", "武汉市", "")))
            .Should().Be("Fleet:Cities:0:ConnectionString must name the city's database.", "the server says so before it starts");
    }

    [Fact]
    public void Cities_of_two_provinces_are_refused()
    {
        CityMap.Problems(Settings([.. CityAt(0, "420100", "武汉市", First), .. CityAt(1, "430100", "长沙市", Second)]))
            .Should().Equal("Fleet:Cities lists cities of more than one province (420100, 430100): one Fleet serves the cities of one province.");
    }

    [Fact]
    public void Cities_need_the_provinces_database_named()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(CityAt(0, "420100", "武汉市", First)
            .Select(s => KeyValuePair.Create(s.Item1, (string?)s.Item2))).Build();

        CityMap.Problems(settings).Should().ContainSingle().Which.Should().StartWith("Fleet:Cities lists cities, so ConnectionStrings:Fleet must name");
    }
}
