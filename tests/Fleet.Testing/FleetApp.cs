using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Fleet.Testing;

/// <summary>
/// A Fleet server on the real HTTP pipeline and a database of its own, with a fake clock the test controls.
/// Shared by the tests of one class (an xUnit class fixture).
/// </summary>
public sealed class FleetApp : IAsyncLifetime
{
    public static readonly Instant Start = Instant.FromUtc(2026, 11, 2, 1, 30);

    private string _connectionString = "";

    public IAlbaHost Host { get; private set; } = null!;
    public FakeClock Clock { get; } = new(Start);
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();
    public string ConnectionString => _connectionString;

    public async Task InitializeAsync()
    {
        _connectionString = TestPostgres.CreateDatabase(GetType().Name);
        Host = await AlbaHost.For<Program>(
            web =>
            {
                web.UseEnvironment("Development");
                web.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<IClock>(Clock)));
            },
            ConfigurationOverride.Create(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Fleet"] = _connectionString,
                // One node, started at once; tests wait for the daemon with WaitForNonStaleProjectionDataAsync.
                ["Fleet:Projections:DaemonMode"] = "Solo",
                ["Logging:LogLevel:Default"] = "Warning",
            }));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        TestPostgres.DropDatabase(_connectionString);
    }
}
