using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Projections.Compliance;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Testing;
using FluentAssertions;
using Alba;
using Marten;
using Marten.Events;
using NodaTime;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Reports;

/// <summary>
/// A database kept by the version of Fleet before the flagged records carried the unit, plate and order number: its
/// records lack them and its <c>FlaggedRecords</c> progress is done. The first start of this version writes every
/// record again, by itself and once; the progress row the earlier version left behind is no projection falling behind.
/// </summary>
public sealed class ComplianceUpgradeTests(ComplianceUpgradeTests.RestartedFleet app) : IClassFixture<ComplianceUpgradeTests.RestartedFleet>
{
    private const string Pool = FleetApp.Jiangan;
    private static readonly Instant Monday = Instant.FromUtc(2029, 3, 5, 1, 30);

    /// <summary>One server on its own database, stopped and started again as an operator upgrading it would.</summary>
    public sealed class RestartedFleet : FleetApp
    {
        // Any row behind at all counts, so that a row left behind shows.
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Fleet:Projections:MaxHealthyLag"] = "0" };

        public async Task StopAsync() => await Host.DisposeAsync();

        public async Task StartAsync() => Host = await StartHostAsync(ConnectionString, Settings);
    }

    [Fact]
    public async Task Records_written_without_unit_plate_and_order_get_them_at_the_next_start_and_only_once()
    {
        app.Clock.Reset(Monday);
        var emergency = await app.RequestTripAsync(Pool, new TripBuilder()
            .For("防汛抢险", "应急保障").Carrying(4, "张三").From("区应急局").To("长江堤防").On(new LocalDate(2029, 3, 5), 22, 2).AsEmergency("应急"));
        string unit;
        await using (var session = app.Store.QuerySession(FleetApp.JianganPool))
            unit = (await session.LoadAsync<Fleet.Domain.Trips.Trip>(emergency.Id))!.UnitCode;
        var plate = TestPlates.Next('U');
        var car = await app.RoadworthyVehicleAsync(Pool, plate, papersFrom: "2029-01-01", papersUntil: "2029-12-31");
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{car}/odometer", new { kilometres = 15000 });
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{car}/odometer/correction", new { kilometres = 14990, reason = "多记10公里" });
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        (await FoundAsync(unit, plate)).Should().Be((1, 1));
        var (records, progression) = await TablesAsync();

        await app.StopAsync();
        await SqlAsync($"update {records} set data = data - 'unitCode' - 'plate' - 'orderNumber'");
        await SqlAsync($"update {progression} set name = '{FlaggedRecordsProjection.Name}:All' where name = '{FlaggedRecordsProjection.Name}:V{FlaggedRecordsProjection.Version}:All'");
        (await SqlAsync($"select count(*) from {records} where data ? 'plate' or data ? 'unitCode'")).Should().Be(0, "the records are as the version before wrote them");

        await app.StartAsync();
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        (await FoundAsync(unit, plate)).Should().Be((1, 1), "the start wrote every record again");
        (await app.Host.GetAsText("/health/ready")).Should().Be("Healthy", "the earlier version's row stays where it stopped");

        await app.StopAsync();
        await SqlAsync($"update {records} set data = data - 'unitCode' - 'plate' - 'orderNumber'");
        await SqlAsync($"update {progression} set last_seq_id = 0 where name = '{FlaggedRecordsProjection.Name}:All'");
        await app.StartAsync();
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        (await FoundAsync(unit, plate)).Should().Be((0, 0), "a database already brought up to date is not read again");
        (await app.Host.GetAsText("/health/ready")).Should().Be("Healthy");
    }

    /// <summary>The flags of March found by the emergency's unit and by the car's plate.</summary>
    private async Task<(int ByUnit, int ByPlate)> FoundAsync(string unit, string plate)
    {
        static int Count(JsonElement report) => report.GetProperty("flags").GetArrayLength();
        return (Count(await app.GetAs(Pool, Role.Supervisor, $"/api/compliance?period=2029-03&unit={Uri.EscapeDataString(unit)}")),
            Count(await app.GetAs(Pool, Role.Supervisor, $"/api/compliance?period=2029-03&search={Uri.EscapeDataString(plate)}")));
    }

    private async Task<(string Records, string Progression)> TablesAsync()
    {
        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        return (DocumentTable.Of<FlaggedRecord>(session).Name, $"{app.Store.Options.Events.DatabaseSchemaName}.mt_event_progression");
    }

    private async Task<long> SqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is long count ? count : 0;
    }
}
