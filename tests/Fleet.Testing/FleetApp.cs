using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Samples.DemoHost;
using Fleet.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Fleet.Testing;

/// <summary>
/// A Fleet server on the real HTTP pipeline and a database of its own, with a fake clock the test controls and
/// the demo city's accounts to sign in with. Shared by the tests of one class (an xUnit class fixture).
/// </summary>
public class FleetApp : IAsyncLifetime
{
    public static readonly Instant Start = Instant.FromUtc(2026, 11, 2, 1, 30);

    /// <summary>The demo pools by the prefix of their account names: the city and two districts.</summary>
    public const string City = "city", Jiangan = "jiangan", Jianghan = "jianghan";

    public const string CityPool = "420100", JianganPool = "420102", JianghanPool = "420103";

    /// <summary>The division code (the store's tenant) of the demo pool with the account prefix <paramref name="pool"/>.</summary>
    public static string PoolCode(string pool) => pool switch
    {
        City => CityPool,
        Jiangan => JianganPool,
        Jianghan => JianghanPool,
        _ => throw new ArgumentOutOfRangeException(nameof(pool), pool, "The demo city has the pools city, jiangan and jianghan."),
    };

    /// <summary>One audit signing key per test process, outside the repository's own <c>.data</c>.</summary>
    public static readonly string AuditSigningKeyFile = TemporaryFile($"audit-signing-key-{Environment.ProcessId}.pem");

    private readonly ConcurrentDictionary<string, string> _tokens = new();

    public IAlbaHost Host { get; protected set; } = null!;
    public FakeClock Clock { get; } = new(Start);
    public ServerErrorLog ServerErrors { get; } = new();
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();
    public string ConnectionString { get; private set; } = "";

    protected virtual bool DemoMode => true;

    /// <summary>Settings a fixture needs beyond the defaults below.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        ConnectionString = TestPostgres.CreateDatabase(GetType().Name);
        Host = await StartHostAsync(ConnectionString, Settings);
        if (DemoMode) await TestCalendars.PublishLaterYearsAsync(Store, CityPool);
    }

    /// <summary>A server on the given database with the test defaults, <paramref name="settings"/> taking precedence.</summary>
    protected async Task<IAlbaHost> StartHostAsync(string connectionString, IDictionary<string, string?> settings)
    {
        // The server as the demo host assembles it, with the server project's settings and pages.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ApplicationName = "Fleet.Server",
            ContentRootPath = TestRepository.PathOf("src", "Fleet.Server"),
        });
        builder.Configuration.AddInMemoryCollection(settings.Concat(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Fleet"] = connectionString,
            // One node, started at once; tests wait for the daemon with WaitForNonStaleProjectionDataAsync.
            ["Fleet:Projections:DaemonMode"] = "Solo",
            ["Fleet:Demo:Enabled"] = DemoMode.ToString(),
            // The demo accounts only: each test writes the history it checks.
            ["Fleet:Demo:Size"] = "accounts",
            // Throw-away accounts: cheap hashing keeps fixtures fast. Production keeps the Identity default.
            ["Fleet:Authentication:PasswordHashIterations"] = "1000",
            ["Fleet:Authentication:SignInsPerMinute"] = "10000",
            ["Fleet:RateLimits:BookingsPerMinute"] = "10000",
            ["Fleet:Audit:SigningKeyFile"] = AuditSigningKeyFile,
            // A finished trip's track, and a car's late fixes, are checked at once, not after the minutes a terminal's upload may take.
            ["Fleet:Positions:TripCheckAfter"] = "00:00:00",
            ["Fleet:Positions:LateCheckAfter"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        }.Where(pair => !settings.ContainsKey(pair.Key))));
        builder.Logging.AddProvider(ServerErrors);
        builder.AddFleet(new DemoModule());
        builder.Services.Replace(ServiceDescriptor.Singleton<IClock>(Clock));
        return await AlbaHost.For(builder, app => app.UseFleet());
    }

    /// <summary>The <c>Authorization</c> header value of the demo account holding <paramref name="role"/> in a pool.</summary>
    public async Task<string> BearerFor(string pool, Role role)
    {
        var login = DemoCity.Login(pool, role);
        if (_tokens.TryGetValue(login, out var cached)) return cached;

        var result = await Host.Scenario(s =>
        {
            s.Post.Json(new { loginName = login, password = DemoCity.Password }).ToUrl("/api/auth/token");
            s.StatusCodeShouldBeOk();
        });
        var token = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        return _tokens[login] = new AuthenticationHeaderValue("Bearer", token).ToString();
    }

    private static string TemporaryFile(string name)
    {
        var file = Path.Combine(Path.GetTempPath(), "fleet-tests", name);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
        return file;
    }

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        TestPostgres.DropDatabase(ConnectionString);
    }
}

/// <summary>A server as production runs it by default: no demo city, no demo accounts.</summary>
public sealed class FleetAppWithoutDemo : FleetApp
{
    protected override bool DemoMode => false;
}
