using System.Net;
using System.Net.Sockets;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Hosting;

/// <summary>
/// <c>setup-city</c> and <c>setup-province</c> as an operator runs them, as processes of their own against new databases: a
/// refused first account leaves nothing behind, so the same command simply runs again; and a set-up command is no node, so
/// it runs beside a server that already holds the port on the same machine.
/// </summary>
public sealed class SetupCommandTests : IDisposable
{
    private const string Password = "setup-command-2026";
    private readonly string _database = TestPostgres.CreateDatabase("setupcommand");
    private readonly string _wuhan = TestPostgres.CreateDatabase("setupwuhan");
    private readonly string _keys = Directory.CreateTempSubdirectory("fleet-setup-").FullName;

    private Dictionary<string, string> Environment(string adminPassword) => new()
    {
        ["ConnectionStrings__Fleet"] = _database,
        ["Fleet__Demo__Enabled"] = "false",
        ["Fleet__Audit__SigningKeyFile"] = Path.Combine(_keys, "audit-signing-key.pem"),
        ["Fleet__Authentication__PasswordHashIterations"] = "1000",
        ["FLEET_ADMIN_PASSWORD"] = adminPassword,
    };

    private static async Task<(int Exit, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        await using var command = ServerProcess.Start(environment, arguments);
        var exit = await command.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (exit, command.Output);
    }

    [Fact]
    public async Task A_refused_first_administrator_leaves_no_city_behind_and_the_command_runs_beside_a_server_on_the_same_port()
    {
        // A server of this machine already listens where the command's host would.
        using var running = new TcpListener(IPAddress.Loopback, 0);
        running.Start();
        var beside = new Dictionary<string, string>(Environment("short")) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{((IPEndPoint)running.LocalEndpoint).Port}" };

        var (refused, refusal) = await RunAsync(beside, "setup-city", "420100", "W市");
        refused.Should().Be(1, refusal);
        refusal.Should().Contain("password: A password has 10 to 128 characters");
        (await ProvinceFleet.ScalarAsync<long>(_database, "select count(*) from public.mt_events"))
            .Should().Be(0, "the city is written with its administrator or not at all");

        beside["FLEET_ADMIN_PASSWORD"] = Password;
        var (exit, output) = await RunAsync(beside, "setup-city", "420100", "W市");
        exit.Should().Be(0, output);
        output.Should().Contain("Set up W市 (420100) with fleet administrator 'admin'.")
            .And.NotContain("Now listening", "a set-up command serves nothing")
            .And.NotContain("fail:");

        var (again, repeated) = await RunAsync(beside, "setup-city", "420100", "W市");
        again.Should().Be(1, repeated);
        repeated.Should().Contain("organisation.city_exists");

        await using var server = ServerProcess.Start(Environment(Password));
        await server.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        await server.SignInAsync("admin", Password);
        using var organisations = await server.Http.GetAsync(new Uri(server.BaseAddress, "/api/organisations"));
        organisations.StatusCode.Should().Be(HttpStatusCode.OK);
        (await organisations.Content.ReadAsStringAsync()).Should().Contain("W市");
    }

    [Fact]
    public async Task In_a_province_the_province_and_each_city_come_with_their_first_account_or_not_at_all()
    {
        var province = new Dictionary<string, string>(Environment("short"))
        {
            ["Fleet__Cities__0__Code"] = "420100", ["Fleet__Cities__0__Name"] = "武汉市", ["Fleet__Cities__0__ConnectionString"] = _wuhan,
        };
        async Task<long> EventsAsync(string database) => await ProvinceFleet.ScalarAsync<long>(database, "select count(*) from public.mt_events");

        var (refused, refusal) = await RunAsync(province, "setup-province", "420000", "湖北省", "--supervisor", "hb-supervisor");
        refused.Should().Be(1, refusal);
        refusal.Should().Contain("password: A password has 10 to 128 characters");
        (await EventsAsync(_database)).Should().Be(0, "the province is written with its supervisor or not at all");

        province["FLEET_ADMIN_PASSWORD"] = Password;
        var (exit, output) = await RunAsync(province, "setup-province", "420000", "湖北省", "--supervisor", "hb-supervisor");
        exit.Should().Be(0, output);
        output.Should().Contain("Set up 湖北省 (420000) with supervisor 'hb-supervisor'.");

        // Login names are unique across the province: the supervisor's cannot be the city's administrator's too.
        var (taken, takenOutput) = await RunAsync(province, "setup-city", "420100", "武汉市", "--admin", "hb-supervisor");
        taken.Should().Be(1, takenOutput);
        takenOutput.Should().Contain("user.login_name_taken");
        (await EventsAsync(_wuhan)).Should().Be(0, "the city is written with its administrator or not at all");

        var (cityExit, cityOutput) = await RunAsync(province, "setup-city", "420100", "武汉市", "--admin", "wh-admin");
        cityExit.Should().Be(0, cityOutput);
        cityOutput.Should().Contain("Set up 武汉市 (420100) with fleet administrator 'wh-admin'.");
        (await EventsAsync(_wuhan)).Should().BeGreaterThan(0);
    }

    public void Dispose()
    {
        TestPostgres.DropDatabase(_database);
        TestPostgres.DropDatabase(_wuhan);
        Directory.Delete(_keys, recursive: true);
    }
}
