using Npgsql;

namespace Fleet.Testing;

/// <summary>
/// A server for a province of three cities (ADR 025): Wuhan in a database of its own, Xiangyang and Xiantao sharing a
/// second one, and the province's own database as the main one. No demo city: each test writes what it checks.
/// </summary>
public class ProvinceFleet : FleetApp
{
    public const string Wuhan = "420100", Xiangyang = "420600", Xiantao = "429004";

    /// <summary>The pools of each city, the city's own first.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> PoolsOf = new Dictionary<string, string[]>
    {
        [Wuhan] = [Wuhan, "420102", "420103"],
        [Xiangyang] = [Xiangyang, "420602"],
        [Xiantao] = [Xiantao],
    };

    public string WuhanDatabase { get; private set; } = "";
    public string XiangyangAndXiantaoDatabase { get; private set; } = "";

    protected override bool DemoMode => false;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Cities:0:Code"] = Wuhan,
        ["Fleet:Cities:0:Name"] = "武汉市",
        ["Fleet:Cities:0:ConnectionString"] = WuhanDatabase,
        ["Fleet:Cities:1:Code"] = Xiangyang,
        ["Fleet:Cities:1:Name"] = "襄阳市",
        ["Fleet:Cities:1:ConnectionString"] = XiangyangAndXiantaoDatabase,
        ["Fleet:Cities:2:Code"] = Xiantao,
        ["Fleet:Cities:2:Name"] = "仙桃市",
        ["Fleet:Cities:2:ConnectionString"] = XiangyangAndXiantaoDatabase,
    }.Concat(PoolsOf.SelectMany((city, i) => city.Value.Select((pool, j) => KeyValuePair.Create($"Fleet:Cities:{i}:Pools:{j}", (string?)pool))))
        .ToDictionary();

    /// <summary>The connection string of the database that holds <paramref name="city"/>'s pools.</summary>
    public string DatabaseOf(string city) => city == Wuhan ? WuhanDatabase : XiangyangAndXiantaoDatabase;

    public override async Task InitializeAsync()
    {
        WuhanDatabase = TestPostgres.CreateDatabase("wuhan");
        XiangyangAndXiantaoDatabase = TestPostgres.CreateDatabase("xiangyangxiantao");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        TestPostgres.DropDatabase(WuhanDatabase);
        TestPostgres.DropDatabase(XiangyangAndXiantaoDatabase);
    }

    /// <summary>One value read straight from a database, past the server.</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
