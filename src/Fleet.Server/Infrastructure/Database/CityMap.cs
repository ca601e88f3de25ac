using Fleet.Domain.Vehicles;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Fleet.Server.Infrastructure.Database;

/// <summary>A city of the province: its division code, its name and the pools it runs, all kept in one database.</summary>
public sealed record City(string Code, string Name, IReadOnlyList<string> Pools, string DatabaseId);

/// <summary>
/// One PostgreSQL database holding the pools of one city or of several (ADR 025). <see cref="Id"/> names it in the store,
/// in the projection agents that run on it and in <c>db-apply -d</c>.
/// </summary>
public sealed record CityDatabase(string Id, string ConnectionString, IReadOnlyList<string> Cities, IReadOnlyList<string> Pools);

/// <summary>
/// Which database each city's pools live in, from <c>Fleet:Cities</c> (ADR 025): a list of cities, each with its
/// <c>Code</c>, <c>Name</c>, the <c>Pools</c> it runs and the <c>ConnectionString</c> of its database. Cities that name the
/// same database share it. The pools are listed, not derived from the division codes, because a county-level city run
/// directly by the province (429004) does not share its prefix with any city. With no cities listed Fleet is one city in
/// the one database of <c>ConnectionStrings:Fleet</c> (or the embedded one), as it always was.
/// </summary>
public sealed class CityMap
{
    public const string Section = "Fleet:Cities";

    private readonly Dictionary<string, CityDatabase> _databaseOfPool;
    private readonly Dictionary<string, City> _cityOfPool;

    private CityMap(IReadOnlyList<City> cities, IReadOnlyList<CityDatabase> databases)
    {
        Cities = cities;
        Databases = databases;
        _databaseOfPool = databases.SelectMany(d => d.Pools.Select(p => (p, d))).ToDictionary(x => x.p, x => x.d, StringComparer.Ordinal);
        _cityOfPool = cities.SelectMany(c => c.Pools.Select(p => (p, c))).ToDictionary(x => x.p, x => x.c, StringComparer.Ordinal);
    }

    public static readonly CityMap OneCity = new([], []);

    public IReadOnlyList<City> Cities { get; }
    public IReadOnlyList<CityDatabase> Databases { get; }

    /// <summary>True when cities are listed, each in a database of its own or shared with others, beside the province's.</summary>
    public bool IsProvince => Cities.Count > 0;

    /// <summary>
    /// The province's own division code (420000), the pool of its organisation and of its supervisors' accounts, kept in the
    /// province's database; null for a single city.
    /// </summary>
    public string? ProvincePool => IsProvince ? Cities[0].Code[..2] + "0000" : null;

    /// <summary>The database of a city's pool, or null for a pool no city runs (the province's own, or an unknown one).</summary>
    public CityDatabase? DatabaseOf(string pool) => _databaseOfPool.GetValueOrDefault(pool);

    /// <summary>The cities as configured, or what is wrong with them, one sentence a problem, naming the setting.</summary>
    public static CityMap From(IConfiguration configuration) =>
        Read(configuration, out var problems) is { } map ? map : throw new InvalidOperationException(string.Join(Environment.NewLine, problems));

    /// <summary>
    /// Every pool of the city that runs <paramref name="pool"/>; a pool no city runs (the province's own) is a city of one.
    /// A session opened for no pool has no city: a city-wide read there is a mistake, refused rather than widened.
    /// </summary>
    public string[] PoolsOfCityOf(string pool)
    {
        if (_cityOfPool.TryGetValue(pool, out var city)) return [.. city.Pools];
        // A division code, the province's own included (420000), which PoolCode leaves to the cities and districts.
        return pool is { Length: 6 } && pool.All(char.IsAsciiDigit)
            ? [pool]
            : throw new InvalidOperationException($"A city-wide read needs a session opened for a pool; this one is for '{pool}'.");
    }

    /// <summary>The city that runs <paramref name="pool"/>, or null for a pool no listed city runs.</summary>
    public City? CityOf(string pool) => _cityOfPool.GetValueOrDefault(pool);

    /// <summary>Whether two pools are of one city: always, in a single city.</summary>
    public bool SameCity(string pool, string other) =>
        !IsProvince || pool == other || (_cityOfPool.TryGetValue(pool, out var city) && _cityOfPool.TryGetValue(other, out var second) && city == second);

    /// <summary>What is wrong with <c>Fleet:Cities</c>, or nothing.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        Read(configuration, out var problems);
        return problems;
    }

    private static CityMap? Read(IConfiguration configuration, out List<string> problems)
    {
        problems = [];
        var entries = configuration.GetSection(Section).GetChildren().ToList();
        if (entries.Count == 0) return OneCity;

        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(FleetDatabase.ConnectionStringName)))
            problems.Add($"{Section} lists cities, so ConnectionStrings:{FleetDatabase.ConnectionStringName} must name the province's database (the embedded one serves a single city only).");

        var cities = new List<(City City, string ConnectionString)>();
        var cityOfPool = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var at = $"{Section}:{entry.Key}";
            var code = entry["Code"]?.Trim() ?? "";
            var name = entry["Name"]?.Trim() ?? "";
            var connectionString = entry["ConnectionString"]?.Trim() ?? "";
            if (!PoolCode.TryParse(code, out _) || (code[4..] != "00" && code[2..4] != "90"))
                problems.Add($"{at}:Code must be the six-digit division code of a city (such as 420100 or 429004); it is '{code}'.");
            if (name.Length == 0) problems.Add($"{at}:Name must give the city's name.");
            if (connectionString.Length == 0) problems.Add($"{at}:ConnectionString must name the city's database.");
            else if (!IsConnectionString(connectionString)) problems.Add($"{at}:ConnectionString is not a PostgreSQL connection string.");
            if (cities.Any(c => c.City.Code == code)) problems.Add($"{at}:Code {code} is listed twice.");

            var pools = entry.GetSection("Pools").GetChildren().Select(p => p.Value?.Trim() ?? "").ToList();
            if (pools.Count == 0) pools.Add(code);
            foreach (var pool in pools)
            {
                if (!PoolCode.TryParse(pool, out _)) problems.Add($"{at}:Pools has '{pool}', which is not a pool's division code.");
                else if (cityOfPool.TryGetValue(pool, out var other)) problems.Add($"{at}:Pools has {pool}, which is already a pool of city {other}.");
                else cityOfPool[pool] = code;
            }

            cities.Add((new City(code, name, pools, ""), connectionString));
        }

        if (problems.Count == 0 && cities.Select(c => c.City.Code[..2]).Distinct().Count() > 1)
            problems.Add($"{Section} lists cities of more than one province ({string.Join(", ", cities.Select(c => c.City.Code))}): one Fleet serves the cities of one province.");
        if (problems.Count > 0) return null;

        var databases = cities
            .GroupBy(c => Normalized(c.ConnectionString), StringComparer.Ordinal)
            .Select(group => new CityDatabase(
                $"city-{string.Join('-', group.Select(c => c.City.Code))}",
                group.First().ConnectionString,
                group.Select(c => c.City.Code).ToList(),
                group.SelectMany(c => c.City.Pools).ToList()))
            .ToList();
        var placed = cities.Select(c => c.City with { DatabaseId = databases.Single(d => d.Cities.Contains(c.City.Code)).Id }).ToList();
        return new CityMap(placed, databases);
    }

    /// <summary>The same database however its connection string is spelled: server, port and database name.</summary>
    public static string Normalized(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host?.ToLowerInvariant()}:{builder.Port}/{builder.Database}";
    }

    private static bool IsConnectionString(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text).Database is { Length: > 0 };
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
