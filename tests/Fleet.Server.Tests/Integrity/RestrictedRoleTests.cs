using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using NodaTime;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Integrity;

/// <summary>
/// The production database role of ADR 006, created with the SQL the ADR gives (read from the ADR itself, so the
/// document cannot drift from what is tested): the server runs under it, and the role cannot change or remove
/// events, their seals, links or digests.
/// </summary>
public sealed partial class RestrictedRoleTests(RestrictedRoleTests.FleetUnderRestrictedRole app)
    : IClassFixture<RestrictedRoleTests.FleetUnderRestrictedRole>
{
    public sealed class FleetUnderRestrictedRole : FleetApp
    {
        public string Role { get; } = $"fleet_app_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        public string RestrictedConnectionString { get; private set; } = "";

        public override async Task InitializeAsync()
        {
            // The owner creates the schema and the demo accounts, as `db-apply` does on an upgrade.
            await base.InitializeAsync();
            await Host.DisposeAsync();
            // Stopping a host may log its daemon's cancelled reads; the test is about the host under the role.
            ServerErrors.Clear();

            var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            await using (var owner = new NpgsqlConnection(ConnectionString))
            {
                await owner.OpenAsync();
                await using var grants = new NpgsqlCommand(DocumentedGrants(Role, password), owner);
                await grants.ExecuteNonQueryAsync();
            }

            RestrictedConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Username = Role, Password = password }.ConnectionString;
            Host = await StartHostAsync(RestrictedConnectionString, new Dictionary<string, string?>
            {
                ["Fleet:Database:ApplyChangesOnStart"] = "false",
            });
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            // The database and everything granted in it are gone; the role is cluster-wide.
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres" }.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop role if exists {Role}", admin);
            await drop.ExecuteNonQueryAsync();
        }

        private static string DocumentedGrants(string role, string password)
        {
            var adr = File.ReadAllText(TestRepository.PathOf("docs", "adr", "006-tamper-evident-audit-chain.md"));
            var sql = SqlBlock().Match(adr).Groups["sql"].Value;
            sql.Should().Contain("create role fleet_app", "ADR 006 gives the role's SQL");
            return sql.Replace("fleet_app", role).Replace("'…'", $"'{password}'");
        }
    }

    [Fact]
    public async Task The_server_runs_its_whole_trip_flow_under_the_role_and_the_chain_stays_intact()
    {
        await using (var connection = new NpgsqlConnection(app.RestrictedConnectionString))
        {
            await connection.OpenAsync();
            await using var who = new NpgsqlCommand("select current_user", connection);
            (await who.ExecuteScalarAsync()).Should().Be(app.Role);
        }

        const string pool = FleetApp.Jiangan;
        var vehicle = await app.RoadworthyVehicleAsync(pool);
        var driver = await app.AccountDriverAsync(pool, "周建国");

        var trip = await app.DispatchedTripAsync(pool, vehicle, driver,
            new TripBuilder().For("参加区务会").Between(FleetApp.Start.Plus(Duration.FromHours(1)), FleetApp.Start.Plus(Duration.FromHours(3))));
        var back = FleetApp.Start.Plus(Duration.FromHours(3));
        await trip.DriveAsync(1000, 1032.5m, startAt: FleetApp.Start.Plus(Duration.FromMinutes(50)), finishAt: back, new { returnedAt = back.ToString() });
        await trip.ConfirmAsync(5, "准时");
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

        var logbook = await app.GetAs(pool, Role.Supervisor, $"/api/logbook?vehicleId={vehicle}&month=2026-11");
        logbook.GetRawText().Should().Contain(trip.Id.ToString(), "the async projections write their views under the role");
        (await trip.EventTypesAsync()).Should().Contain(["trip_started", "trip_finished", "trip_closed"], "every step of the flow was stored under the role");
        var report = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/verify");
        report.GetProperty("intact").GetBoolean().Should().BeTrue(report.ToString());
        report.GetProperty("eventsChecked").GetInt64().Should().BeGreaterThan(0);
        app.ServerErrors.Entries.Should().BeEmpty("nothing the server does under the role may need rights it lacks");
    }

    [Theory]
    [InlineData("update public.mt_events set data = data")]
    [InlineData("update public.mt_events set user_name = 'someone else'")]
    [InlineData("delete from public.mt_events")]
    [InlineData("truncate public.mt_events cascade")]
    [InlineData("update public.fleet_audit_links set link = link")]
    [InlineData("delete from public.fleet_audit_links")]
    [InlineData("truncate public.fleet_audit_links")]
    [InlineData("update public.fleet_audit_digests set link = link")]
    [InlineData("delete from public.fleet_audit_digests")]
    [InlineData("truncate public.fleet_audit_digests")]
    [InlineData("update public.fleet_audit_seals set seal = seal")]
    [InlineData("delete from public.fleet_audit_seals")]
    [InlineData("truncate public.fleet_audit_seals")]
    [InlineData("update public.fleet_audit_checkpoints set signature = signature")]
    [InlineData("delete from public.fleet_audit_checkpoints")]
    [InlineData("truncate public.fleet_audit_checkpoints")]
    public async Task The_role_cannot_change_or_remove_history(string statement)
    {
        await using var connection = new NpgsqlConnection(app.RestrictedConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(statement, connection);

        var refused = await command.Invoking(c => c.ExecuteNonQueryAsync()).Should().ThrowAsync<PostgresException>();
        refused.Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
    }

    [GeneratedRegex("```sql\\n(?<sql>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();
}
