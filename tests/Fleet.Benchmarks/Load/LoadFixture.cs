using Fleet.Samples.DemoHost;
using Fleet.Domain.People;
using Fleet.Server.Setup;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// What the load needs in the demo accounts' district (江岸, 420102), set up through the API as its fleet admin would:
/// a policy under which every trip of an hour needs its unit head, and cars with drivers who each have an account.
/// </summary>
internal sealed class LoadFixture
{
    private const string Pool = "jiangan";

    private readonly List<CrewIds> _ids = [];

    public List<Crew> Crews { get; } = [];

    public CrewIds Ids(int crew) => _ids[crew];

    public static async Task<LoadFixture> PrepareAsync(FleetClient client, int crews)
    {
        var fixture = new LoadFixture();
        var admin = await client.SignInAsync(DemoCity.Login(Pool, Role.FleetAdmin), DemoCity.Password);
        var policy = await client.SendAsync(admin, HttpMethod.Get, "/api/approval-policy");
        await client.SendAsync(admin, HttpMethod.Post, "/api/approval-policy", new
        {
            version = policy.GetProperty("version").GetInt32() + 1, workdayStart = "00:00:00", workdayEnd = "23:59:00",
            workdays = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" },
            maxAutoApprovedLength = "0:30:00", twoLevelClasses = Array.Empty<string>(),
        });

        for (var i = 0; i < crews; i++)
        {
            var plate = $"鄂A·L{i:D4}";
            var vehicle = (await client.SendAsync(admin, HttpMethod.Post, "/api/vehicles",
                    new { plate, category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }))
                .GetProperty("vehicleId").GetGuid();
            await client.SendAsync(admin, HttpMethod.Post, $"/api/vehicles/{vehicle}/inspection", new { inspectedOn = "2026-01-01", validUntil = "2030-12-31" });
            await client.SendAsync(admin, HttpMethod.Post, $"/api/vehicles/{vehicle}/insurance",
                new { insurer = "平安", policyNumber = $"P-{i}", validFrom = "2026-01-01", validUntil = "2030-12-31" });
            var driver = (await client.SendAsync(admin, HttpMethod.Post, "/api/drivers",
                    new { name = $"司机{i:D3}", licenceClasses = new[] { "C1" }, licenceNumber = "420102198001011234", licenceExpiresOn = "2030-01-01" }))
                .GetProperty("driverId").GetGuid();
            // Drivers' accounts belong to the district, not to a unit.
            var account = (await client.SendAsync(admin, HttpMethod.Post, "/api/users",
                    new { loginName = Login(i), displayName = $"司机{i:D3}", organisationCode = "420102", roles = new[] { "Driver" }, password = DemoCity.Password }))
                .GetProperty("userId").GetGuid();
            await client.SendAsync(admin, HttpMethod.Post, $"/api/drivers/{driver}/account", new { userId = account });
            fixture._ids.Add(new CrewIds(vehicle, driver, account, plate));
        }

        return fixture;
    }

    /// <summary>Signs everybody in, again after a restart: the office's three accounts and every driver.</summary>
    public async Task<Office> SignInAsync(FleetClient client)
    {
        var office = new Office(
            await client.SignInAsync(DemoCity.Login(Pool, Role.Clerk), DemoCity.Password),
            await client.SignInAsync(DemoCity.Login(Pool, Role.Approver), DemoCity.Password),
            await client.SignInAsync(DemoCity.Login(Pool, Role.Dispatcher), DemoCity.Password));
        for (var i = 0; i < _ids.Count; i++)
        {
            var token = await client.SignInAsync(Login(i), DemoCity.Password);
            if (i < Crews.Count) Crews[i].DriverToken = token;
            else Crews.Add(new Crew(_ids[i].Vehicle, _ids[i].Driver, token));
        }

        return office;
    }

    private static string Login(int crew) => $"load.driver{crew:D3}";
}
