using NodaTime;
using JasperFx.Events.Projections;
using Marten.Events;
using Marten;
using Fleet.Domain.Vehicles;
using Fleet.Domain.Trips;
using Fleet.Domain.Common;
using System.Net.Http.Headers;
using System.Text.Json;
using Alba;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Server.Setup;
using Microsoft.Extensions.DependencyInjection;
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

    protected override IDictionary<string, string?> Settings => CitySettings(Served(Wuhan, WuhanDatabase), XiangyangAndXiantaoDatabase);

    /// <summary>The three cities as <c>Fleet:Cities</c> lists them: Wuhan in one database, Xiangyang and Xiantao sharing another.</summary>
    public static Dictionary<string, string?> CitySettings(string wuhanDatabase, string xiangyangAndXiantaoDatabase) => new Dictionary<string, string?>
    {
        ["Fleet:Cities:0:Code"] = Wuhan,
        ["Fleet:Cities:0:Name"] = "武汉市",
        ["Fleet:Cities:0:ConnectionString"] = wuhanDatabase,
        ["Fleet:Cities:1:Code"] = Xiangyang,
        ["Fleet:Cities:1:Name"] = "襄阳市",
        ["Fleet:Cities:1:ConnectionString"] = xiangyangAndXiantaoDatabase,
        ["Fleet:Cities:2:Code"] = Xiantao,
        ["Fleet:Cities:2:Name"] = "仙桃市",
        ["Fleet:Cities:2:ConnectionString"] = xiangyangAndXiantaoDatabase,
    }.Concat(PoolsOf.SelectMany((city, i) => city.Value.Select((pool, j) => KeyValuePair.Create($"Fleet:Cities:{i}:Pools:{j}", (string?)pool))))
        .ToDictionary();

    /// <summary>The connection string the server is given for <paramref name="city"/>'s database: the database's own, unless a fixture puts something between.</summary>
    protected virtual string Served(string city, string connectionString) => connectionString;

    /// <summary>The connection string of the database that holds <paramref name="city"/>'s pools.</summary>
    public string DatabaseOf(string city) => city == Wuhan ? WuhanDatabase : XiangyangAndXiantaoDatabase;

    /// <summary>Whether the fixture sets each city up (<see cref="SetUpCitiesAsync"/>) once its server runs.</summary>
    protected virtual bool SetsUpCities => false;

    public override async Task InitializeAsync()
    {
        WuhanDatabase = TestPostgres.CreateDatabase("wuhan");
        XiangyangAndXiantaoDatabase = TestPostgres.CreateDatabase("xiangyangxiantao");
        await base.InitializeAsync();
        if (SetsUpCities) await SetUpCitiesAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        TestPostgres.DropDatabase(WuhanDatabase);
        TestPostgres.DropDatabase(XiangyangAndXiantaoDatabase);
    }

    public const string Password = "province-password-1";

    /// <summary>The first fleet administrator (and supervisor) of each city, as <c>setup-city</c> makes them.</summary>
    public static readonly IReadOnlyDictionary<string, string> AdminOf = new Dictionary<string, string>
    {
        [Wuhan] = "wh-admin", [Xiangyang] = "xy-admin", [Xiantao] = "xt-admin",
    };

    public const string Province = "420000";

    /// <summary>The supervisor of the province, as <c>setup-province</c> makes them.</summary>
    public const string ProvinceSupervisor = "hb-supervisor";

    /// <summary>
    /// Each city set up as an operator would, with <c>setup-city</c> once per city, and Wuhan's district 江岸区; the province
    /// above them with <c>setup-province</c> and its supervisor.
    /// </summary>
    public Task SetUpCitiesAsync() => SetUpCitiesAsync(Host.Services);

    /// <summary>The same in any server of the three cities.</summary>
    public static async Task SetUpCitiesAsync(IServiceProvider services)
    {
        var setup = services.GetRequiredService<CitySetup>();
        if (await setup.FindProvinceAsync(CancellationToken.None) is null)
        {
            await setup.SetUpProvinceAsync(Province, "湖北省", new RegisterUserForm(ProvinceSupervisor, "省级监管人员", Province, [nameof(Role.Supervisor)], Password),
                CancellationToken.None);
        }

        foreach (var (code, name) in new[] { (Wuhan, "武汉市"), (Xiangyang, "襄阳市"), (Xiantao, "仙桃市") })
        {
            if (await setup.FindCityAsync(code, CancellationToken.None) is not null) continue;
            await setup.SetUpCityAsync(code, name, new RegisterUserForm(AdminOf[code], $"{name}管理员", code, [nameof(Role.FleetAdmin), nameof(Role.Supervisor)], Password),
                CancellationToken.None);
        }

        await setup.EstablishAsync(new EstablishOrganisationForm("420102", "江岸区", Wuhan), OrganisationKind.District, CancellationToken.None);
    }

    /// <summary>
    /// A car of <paramref name="pool"/> and one trip of it on 15 October 2026 — 120 km, 80 yuan — as a paper logbook's import
    /// records it, with the period's figures written before it returns.
    /// </summary>
    public static async Task RecordTripOfOctoberAsync(IDocumentStore store, string pool, string plate)
    {
        var vehicle = new VehicleRegistered(Guid.CreateVersion7(), plate, VehicleCategory.GeneralOfficial, VehicleClass.Sedan, 5, EnergyType.Gasoline, pool,
            Instant.FromUtc(2026, 9, 1, 0, 0));
        var departed = Instant.FromUtc(2026, 10, 15, 1, 0);
        await using (var session = store.LightweightSession(pool))
        {
            session.Events.StartStream(vehicle.VehicleId, vehicle);
            session.Events.StartStream(Guid.CreateVersion7(), new TripImported(Guid.CreateVersion7(), pool, vehicle.VehicleId, vehicle.Plate, null, null,
                "公务接待", "王师傅", departed, departed.Plus(Duration.FromHours(3)), Distance.FromKilometres(1000), Distance.FromKilometres(1120), 10m, 80m,
                new ImportProvenance("hash", "登记簿.xlsx", 2, Guid.Empty)));
            await session.SaveChangesAsync();
        }

        await store.WaitForNonStaleProjectionDataAsync(pool, TimeSpan.FromSeconds(60));
    }

    /// <summary>The <c>Authorization</c> header of a sign-in with the password every account here has.</summary>
    public async Task<string> BearerOf(string login)
    {
        var result = await Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = login, password = Password }).ToUrl("/api/auth/token");
            s.StatusCodeShouldBeOk();
        });
        var token = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        return new AuthenticationHeaderValue("Bearer", token).ToString();
    }

    /// <summary>A GET as the person signed in with <paramref name="login"/>, answered 200.</summary>
    public async Task<JsonElement> GetAsync(string login, string url)
    {
        var bearer = await BearerOf(login);
        var result = await Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", bearer);
            s.Get.Url(url);
            s.StatusCodeShouldBeOk();
        });
        return await result.ReadAsJsonAsync<JsonElement>();
    }

    /// <summary>A POST as the person signed in with <paramref name="login"/>, answered with <paramref name="expected"/>.</summary>
    public async Task<JsonElement> PostAsync(string login, string url, object body, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.Created)
    {
        var bearer = await BearerOf(login);
        var result = await Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", bearer);
            s.Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(expected);
        });
        return await result.ReadAsJsonAsync<JsonElement>();
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

/// <summary>The province with each of its cities set up and their first administrators signed up.</summary>
public sealed class ProvinceFleetWithCities : ProvinceFleet
{
    protected override bool SetsUpCities => true;
}
