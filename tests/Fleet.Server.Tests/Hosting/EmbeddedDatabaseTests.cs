using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Samples.DemoHost;
using Fleet.Domain.People;
using Fleet.Server.Setup;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Hosting;

/// <summary>
/// The server as a newcomer starts it: no connection string, so it runs its own PostgreSQL from the machine's
/// binaries, keeps the data across restarts and leaves no database process behind when it stops.
/// </summary>
public sealed class EmbeddedDatabaseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fleet-embedded-").FullName;

    public EmbeddedDatabaseTests()
    {
        // Temp folders are private to their owner; the PostgreSQL account must be able to reach this one.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_folder, (UnixFileMode)0b111_101_101);
    }
    private string DataDirectory => Path.Combine(_folder, "postgres");

    private Dictionary<string, string> Environment => new()
    {
        ["Fleet__Database__DataDirectory"] = DataDirectory,
        ["Logging__LogLevel__Default"] = "Information",
        ["Fleet__Demo__Enabled"] = "true",
        ["Fleet__Demo__Size"] = "accounts",
        ["Fleet__Authentication__PasswordHashIterations"] = "1000",
    };

    [Fact]
    public async Task Starts_its_own_database_stops_it_on_shutdown_and_reuses_the_data_next_time()
    {
        Guid vehicleId;
        System.Net.Http.Headers.AuthenticationHeaderValue? token;
        await using (var first = ServerProcess.Start(Environment))
        {
            await first.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
            await first.SignInAsync(DemoCity.Login("jiangan", Role.FleetAdmin), DemoCity.Password);
            using var response = await first.Http.PostAsJsonAsync(new Uri(first.BaseAddress, "/api/vehicles"), new
            {
                plate = "鄂A·E0001", category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline",
            });
            response.StatusCode.Should().Be(HttpStatusCode.Created, first.Output);
            vehicleId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("vehicleId").GetGuid();
            token = first.Http.DefaultRequestHeaders.Authorization;

            File.Exists(Path.Combine(DataDirectory, "postmaster.pid")).Should().BeTrue("the embedded server is running");
            await first.StopAsync(TimeSpan.FromMinutes(1));
            first.Output.Should().Contain("Stopped embedded PostgreSQL");
        }

        File.Exists(Path.Combine(DataDirectory, "postmaster.pid")).Should().BeFalse("no PostgreSQL may outlive the server");
        PostgresProcessesFor(DataDirectory).Should().BeEmpty();

        await using var second = ServerProcess.Start(Environment);
        await second.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        // The token from before the restart still signs in: the key ring lives in the database.
        second.Http.DefaultRequestHeaders.Authorization = token;
        using var again = await second.Http.GetAsync(new Uri(second.BaseAddress, $"/api/vehicles/{vehicleId}"));
        again.StatusCode.Should().Be(HttpStatusCode.OK, "the second start reuses the data of the first");
        second.Output.Should().NotContain("Creating a new PostgreSQL cluster").And.Contain("already set up");
        await second.StopAsync(TimeSpan.FromMinutes(1));
        PostgresProcessesFor(DataDirectory).Should().BeEmpty();
    }

    [Fact]
    public async Task A_cluster_left_behind_by_a_killed_server_is_adopted_and_stopped_by_the_next_one()
    {
        await using (var killed = ServerProcess.Start(Environment))
        {
            await killed.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
            await killed.KillAsync();
        }

        PostgresProcessesFor(DataDirectory).Should().NotBeEmpty("SIGKILL gives the server no chance to stop its database");

        await using var next = ServerProcess.Start(Environment);
        await next.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        next.Output.Should().Contain("Adopting the PostgreSQL server");
        await next.StopAsync(TimeSpan.FromMinutes(1));

        PostgresProcessesFor(DataDirectory).Should().BeEmpty();
    }

    /// <summary>
    /// A trip's late-start timer is set at dispatch, the server is killed before it is due, and the next server
    /// fires it: scheduled messages live in the database, not in the process. The grace is one second here.
    /// </summary>
    [Fact]
    public async Task A_timer_set_before_a_crash_fires_after_the_restart()
    {
        var environment = new Dictionary<string, string>(Environment) { ["Fleet__Trips__StartGrace"] = "00:00:01" };
        Guid tripId;
        await using (var first = ServerProcess.Start(environment))
        {
            await first.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
            tripId = await DispatchTripStartingSoonAsync(first, DateTimeOffset.UtcNow.AddSeconds(30));
            await first.KillAsync();
        }

        await using var second = ServerProcess.Start(environment);
        await second.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        await second.SignInAsync(DemoCity.Login("jiangan", Role.Dispatcher), DemoCity.Password);
        var deadline = DateTime.UtcNow.AddSeconds(150);
        JsonElement trip;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            trip = await second.Http.GetFromJsonAsync<JsonElement>(new Uri(second.BaseAddress, $"/api/trips/{tripId}"));
        } while (!trip.GetProperty("startOverdue").GetBoolean() && DateTime.UtcNow < deadline);

        trip.GetProperty("startOverdue").GetBoolean().Should().BeTrue("the timer survived the crash:\n" + second.Output);
        await second.StopAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>An emergency trip (approved at once) with a roadworthy car and a driver, dispatched.</summary>
    private static async Task<Guid> DispatchTripStartingSoonAsync(ServerProcess server, DateTimeOffset start)
    {
        async Task<JsonElement> Post(string url, object body)
        {
            using var response = await server.Http.PostAsJsonAsync(new Uri(server.BaseAddress, url), body);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            response.IsSuccessStatusCode.Should().BeTrue($"{url}: {answer}\n{server.Output}");
            return answer;
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await server.SignInAsync(DemoCity.Login("jiangan", Role.FleetAdmin), DemoCity.Password);
        var vehicle = (await Post("/api/vehicles", new { plate = "鄂A·T0001", category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }))
            .GetProperty("vehicleId").GetGuid();
        await Post($"/api/vehicles/{vehicle}/inspection", new { inspectedOn = today.AddDays(-10).ToString("O"), validUntil = today.AddYears(1).ToString("O") });
        await Post($"/api/vehicles/{vehicle}/insurance",
            new { insurer = "平安", policyNumber = "P-1", validFrom = today.AddDays(-10).ToString("O"), validUntil = today.AddYears(1).ToString("O") });
        var driver = (await Post("/api/drivers", new { name = "王建国", licenceClasses = new[] { "C1" }, licenceNumber = "420102198001011234",
            licenceExpiresOn = today.AddYears(5).ToString("O") })).GetProperty("driverId").GetGuid();

        await server.SignInAsync(DemoCity.Login("jiangan", Role.Clerk), DemoCity.Password);
        var trip = (await Post("/api/trips", new TripBuilder().For("防汛抢险", "应急保障").Carrying(2, "张三").From("区应急局").To("长江堤防")
                .Between(start.ToString("O"), start.AddHours(2).ToString("O")).AsEmergency("应急").Body))
            .GetProperty("tripId").GetGuid();

        await server.SignInAsync(DemoCity.Login("jiangan", Role.Dispatcher), DemoCity.Password);
        await Post($"/api/trips/{trip}/dispatch", new { vehicleId = vehicle, driverId = driver });
        return trip;
    }

    [Fact]
    public async Task As_root_a_folder_the_postgres_account_cannot_enter_moves_the_cluster_to_var_tmp()
    {
        var closed = Path.Combine(_folder, "closed");
        Directory.CreateDirectory(closed);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var environment = Environment;
        environment["Fleet__Database__DataDirectory"] = Path.Combine(closed, "postgres");

        await using (var server = ServerProcess.Start(environment))
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
            await server.StopAsync(TimeSpan.FromMinutes(1));
            if (System.Environment.IsPrivilegedProcess)
            {
                server.Output.Should().Contain("cannot reach").And.Contain("/var/tmp/fleet/");
                var fallback = System.Text.RegularExpressions.Regex.Match(server.Output, @"/var/tmp/fleet/[0-9A-F]+").Value;
                PostgresProcessesFor(fallback).Should().BeEmpty();
                Directory.Delete(fallback, recursive: true);
            }
            else
            {
                // Started as its owner, the cluster lives where it was asked to.
                Directory.Exists(Path.Combine(closed, "postgres")).Should().BeTrue();
            }
        }
    }

    [Fact]
    public async Task Without_postgres_binaries_the_server_says_what_to_install_in_one_sentence()
    {
        var environment = Environment;
        environment["Fleet__Database__PostgresBinDirectory"] = Path.Combine(_folder, "no-postgres-here");
        await using var server = ServerProcess.Start(environment);

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromMinutes(1));

        exitCode.Should().NotBe(0);
        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().ContainSingle().Which.Should().Contain("apt-get install postgresql").And.Contain("ConnectionStrings__Fleet");
        Directory.Exists(DataDirectory).Should().BeFalse("nothing is created when nothing can run");
    }

    [Fact]
    public async Task The_command_line_lists_its_admin_commands()
    {
        await using var server = ServerProcess.Start(Environment, "help");

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromMinutes(1));

        exitCode.Should().Be(0, server.Output);
        server.Output.Should().Contain("db-apply").And.Contain("projections").And.Contain("codegen");
    }

    private static IReadOnlyList<string> PostgresProcessesFor(string dataDirectory) =>
        Directory.EnumerateDirectories("/proc")
            .Where(dir => int.TryParse(Path.GetFileName(dir), out _))
            .Select(dir =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return "";
                }
                catch (UnauthorizedAccessException)
                {
                    return "";
                }
            })
            .Where(cmd => cmd.Contains("postgres") && cmd.Contains(dataDirectory))
            .ToList();

    public void Dispose()
    {
        // A failed test may leave its cluster running: stop it before removing its folder.
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            var pgCtl = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_ctl")).FirstOrDefault(File.Exists);
            if (pgCtl is not null)
            {
                var arguments = System.Environment.IsPrivilegedProcess
                    ? new[] { "-u", "postgres", "--", pgCtl, "-D", DataDirectory, "-m", "immediate", "stop" }
                    : new[] { "-D", DataDirectory, "-m", "immediate", "stop" };
                using var stop = Process.Start(System.Environment.IsPrivilegedProcess ? "runuser" : pgCtl, arguments);
                stop.WaitForExit(TimeSpan.FromSeconds(30));
            }
        }

        Directory.Delete(_folder, recursive: true);
    }
}
