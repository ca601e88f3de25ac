using Fleet.Domain.Organisations;
using Fleet.Domain.People;

namespace Fleet.Server.Setup;

/// <summary>
/// A small fictional city to explore Fleet with: the city pool, two district pools, a unit in each, and one
/// account per role in each pool. Created only when the server runs in demo mode (<c>Fleet:Demo:Enabled</c>),
/// never by default in production.
/// </summary>
public sealed class DemoCity(CitySetup setup, ILogger<DemoCity> logger)
{
    /// <summary>The password of every demo account. Demo mode only: never enable demo mode on real data.</summary>
    public const string Password = "fleet-demo-2026";

    public const string CityCode = "420100";

    public static readonly (string Code, string Name, string Prefix)[] Pools =
    [
        (CityCode, "W市", "city"),
        ("420102", "江岸区", "jiangan"),
        ("420103", "江汉区", "jianghan"),
    ];

    public static readonly (string Code, string Name, string Parent)[] Units =
    [
        ("CITY01", "W市机关事务管理局", CityCode),
        ("JA0001", "江岸区政府办公室", "420102"),
        ("JH0001", "江汉区政府办公室", "420103"),
    ];

    /// <summary>Login name of the demo account holding <paramref name="role"/> in the pool with <paramref name="prefix"/>.</summary>
    public static string Login(string prefix, Role role) => $"{prefix}.{role.ToString().ToLowerInvariant()}";

    public async Task EnsureAsync(CancellationToken cancellation)
    {
        if (await setup.FindCityAsync(cancellation) is { } city)
        {
            logger.LogInformation("Demo mode: the city {City} is already set up", city.Name);
            return;
        }

        await setup.EstablishCityAsync(CityCode, Pools[0].Name, cancellation);
        foreach (var (code, name, _) in Pools.Skip(1))
            await setup.EstablishAsync(new EstablishOrganisationForm(code, name, CityCode), OrganisationKind.District, cancellation);
        foreach (var (code, name, parent) in Units)
            await setup.EstablishAsync(new EstablishOrganisationForm(code, name, parent), OrganisationKind.Unit, cancellation);

        foreach (var (poolCode, poolName, prefix) in Pools)
        {
            var unit = Units.First(u => u.Parent == poolCode).Code;
            foreach (var role in Enum.GetValues<Role>())
            {
                var organisation = UserAdministration.RoleFits(role, OrganisationKind.Unit) ? unit : poolCode;
                await setup.RegisterUserAsync(new RegisterUserForm(Login(prefix, role), $"{poolName} {role}", organisation,
                    [role.ToString()], Password), cancellation);
            }
        }

        logger.LogWarning("Demo mode: created the demo city with one account per role and pool (password {Password}); see README.md",
            Password);
    }
}

/// <summary>Creates the demo city at start-up in demo mode, after the schema is in place.</summary>
public sealed class DemoCitySeeder(DemoCity demo) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => demo.EnsureAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
