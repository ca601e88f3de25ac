using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Fleet.Server.Infrastructure.Database;

/// <summary>
/// Every database this server talks to (ADR 025): the main one — the only one for a single city, the province's when cities
/// are listed — and one per database the cities' list names. Each keeps its own connection pools; a pool's data is read and
/// written only through its city's.
/// </summary>
public sealed class FleetDatabases : IAsyncDisposable
{
    private readonly Dictionary<string, FleetDatabase> _byId;

    public FleetDatabases(FleetDatabase main, CityMap cities, IConfiguration configuration)
    {
        Main = main;
        Cities = cities;
        _byId = new Dictionary<string, FleetDatabase>(StringComparer.Ordinal);
        foreach (var city in cities.Databases)
        {
            // A city that shares the province's database shares its connections too.
            _byId[city.Id] = CityMap.Normalized(city.ConnectionString) == CityMap.Normalized(main.ConnectionString)
                ? main
                : FleetDatabase.Connect(city.ConnectionString, configuration);
        }
    }

    /// <summary>The store's id of the province's database when cities are listed.</summary>
    public const string ProvinceId = "province";

    public FleetDatabase Main { get; }
    public CityMap Cities { get; }

    /// <summary>The database a pool's data lives in: its city's, or the main one.</summary>
    public FleetDatabase For(string pool) => Cities.DatabaseOf(pool) is { } city ? _byId[city.Id] : Main;

    /// <summary>Each database once, the main one first, with the store's id of it.</summary>
    public IEnumerable<(string Id, FleetDatabase Database)> All()
    {
        if (!Cities.IsProvince)
        {
            yield return ("", Main);
            yield break;
        }

        var given = new HashSet<FleetDatabase>(ReferenceEqualityComparer.Instance) { Main };
        yield return (MainId, Main);
        foreach (var (id, database) in _byId)
        {
            if (given.Add(database)) yield return (id, database);
        }
    }

    /// <summary>The store's id of the main database: the province's, or that of the city sharing it.</summary>
    public string MainId => Cities.Databases.FirstOrDefault(d => ReferenceEquals(_byId[d.Id], Main))?.Id ?? ProvinceId;

    /// <summary>The configured data source behind a connection string Marten is given, so that it opens no pool of its own.</summary>
    public NpgsqlDataSource DataSourceFor(string connectionString)
    {
        var wanted = CityMap.Normalized(connectionString);
        return All().Select(d => d.Database).FirstOrDefault(d => CityMap.Normalized(d.ConnectionString) == wanted)?.DataSource
               ?? throw new InvalidOperationException($"No database of Fleet's is at {wanted}.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _byId.Values.Distinct().Where(d => !ReferenceEquals(d, Main))) await database.DisposeAsync();
    }
}
