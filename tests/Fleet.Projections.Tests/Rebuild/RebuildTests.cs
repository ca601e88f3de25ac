using System.Net;
using System.Text.Json;
using Fleet.Domain.Drivers;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Registry;
using Fleet.Projections.VehicleRegistry;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using Xunit;
using PoolFleetView = Fleet.Projections.PoolFleet.PoolFleet;
using PoolFleetProjection = Fleet.Projections.PoolFleet.PoolFleetProjection;

namespace Fleet.Projections.Tests.Rebuild;

/// <summary>Every view can be thrown away and rebuilt from the events alone, and comes back the same.</summary>
public class RebuildTests(FleetApp app) : IClassFixture<FleetApp>
{
    private async Task WriteHistoryAsync()
    {
        foreach (var (pool, n) in new[] { (FleetApp.Jiangan, 1), (FleetApp.Jianghan, 2) })
        {
            var vehicle = (await app.PostAs(pool, Role.FleetAdmin, "/api/vehicles",
                new { plate = $"鄂A·R{n}001", category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }, HttpStatusCode.Created))
                .GetProperty("vehicleId").GetGuid();
            await app.PostAs(pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/odometer", new { kilometres = 1200 * n });
            await app.PostAs(pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/inspection", new { inspectedOn = "2026-10-01", validUntil = "2027-09-30" });
            await app.PostAs(pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/maintenance",
                new { start = "2026-11-20T01:00:00Z", end = "2026-11-20T05:00:00Z", kind = "Routine" });
            var driver = (await app.PostAs(pool, Role.FleetAdmin, "/api/drivers",
                new { name = $"重建{n}", licenceClasses = new[] { "C1" }, licenceNumber = "420102198001011234", licenceExpiresOn = "2030-01-01" }, HttpStatusCode.Created))
                .GetProperty("driverId").GetGuid();
            await app.PostAs(pool, Role.FleetAdmin, $"/api/drivers/{driver}/suspend", new { reason = "调查" });
        }

        var moving = (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/vehicles",
            new { plate = "鄂A·R3001", category = "EmergencySupport", @class = "Minibus", seats = 15, energyType = "Diesel" }, HttpStatusCode.Created))
            .GetProperty("vehicleId").GetGuid();
        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{moving}/transfer", new { toPool = FleetApp.JianghanPool, reason = "调剂" });
        await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/organisations/units", new { code = "JH0002", name = "江汉区财政局", parentCode = FleetApp.JianghanPool },
            HttpStatusCode.Created);
        await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/organisations/JH0002/rename", new { name = "江汉区财政局（新）" });
    }

    private async Task<Dictionary<string, string>> SnapshotAllAsync() => new()
    {
        [nameof(Organisation)] = await SnapshotAsync<Organisation>(),
        [nameof(User)] = await SnapshotAsync<User>(),
        [nameof(Vehicle)] = await SnapshotAsync<Vehicle>(),
        [nameof(Driver)] = await SnapshotAsync<Driver>(),
        [nameof(VehicleSummary)] = await SnapshotAsync<VehicleSummary>(),
        [nameof(PoolFleetView)] = await SnapshotAsync<PoolFleetView>(),
    };

    private async Task<string> SnapshotAsync<T>() where T : notnull
    {
        await using var session = app.Store.QuerySession();
        var documents = await session.Query<T>().Where(d => d.AnyTenant()).ToListAsync();
        return string.Join("\n", documents.Select(d => JsonSerializer.Serialize(d)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_view_rebuilds_to_the_same_documents()
    {
        await WriteHistoryAsync();
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var before = await SnapshotAllAsync();
        before.Values.Should().OnlyContain(json => json.Length > 0);

        using var daemon = await app.Store.BuildProjectionDaemonAsync();
        foreach (var projection in new[]
                 {
                     typeof(OrganisationProjection), typeof(UserProjection), typeof(VehicleProjection), typeof(DriverProjection),
                     typeof(VehicleSummaryProjection), typeof(PoolFleetProjection),
                 })
        {
            await daemon.RebuildProjectionAsync(projection, CancellationToken.None);
        }

        var after = await SnapshotAllAsync();
        after.Should().BeEquivalentTo(before);
    }
}
