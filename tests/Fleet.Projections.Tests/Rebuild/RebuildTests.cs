using Fleet.Domain.Settlement;
using System.Net;
using System.Text.Json;
using Fleet.Domain.Drivers;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Projections.Calendar;
using Fleet.Projections.Compliance;
using Fleet.Projections.Logbook;
using Fleet.Projections.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.AggregateState;
using Fleet.Projections.Reports;
using Fleet.Projections.VehicleRegistry;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using NodaTime;
using Xunit;
using Fleet.Projections.Terminals;
using Fleet.Domain.Positions.Reconciliation;
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
            await app.PostAs(pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/terminal", new { terminal = $"1390000{n}001", model = "C6D" });
            if (n == 2) await app.PostAs(pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/terminal/replace", new { terminal = "13900002002", reason = "损坏" });
            var card = (await app.PostAs(pool, Role.FleetAdmin, "/api/cards", new { kind = "fuel", number = $"10001133000{n}0001", vehicleId = vehicle },
                HttpStatusCode.Created)).GetProperty("id").GetGuid();
            if (n == 2) await app.PostAs(pool, Role.FleetAdmin, $"/api/cards/{card}/replace", new { number = "1000113300020002", reason = "磁条损坏" });
            await app.PostAs(pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/fuel-figures", new { tankLitres = 50, litresPer100Km = 8 });
        }

        // A parking charge of 鄂A·R1001 outside any trip: a record from outside, checked and flagged.
        var parking = "车牌号码,停车场,入场时间,离场时间,实收金额\n鄂A·R1001,武汉天地停车场,2026-10-20 09:00,2026-10-20 10:00,20.00\n";
        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/records/import",
            new { layout = "wuhan-parking", fileName = "parking.csv", content = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(parking)) });

        var moving = (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/vehicles",
            new { plate = "鄂A·R3001", category = "EmergencySupport", @class = "Minibus", seats = 15, energyType = "Diesel" }, HttpStatusCode.Created))
            .GetProperty("vehicleId").GetGuid();
        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{moving}/terminal", new { terminal = "13900003001" });
        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{moving}/terminal/unbind", new { reason = "调出前拆除" });
        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{moving}/transfer", new { toPool = FleetApp.JianghanPool, reason = "调剂" });
        await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/organisations/units", new { code = "JH0002", name = "江汉区财政局", parentCode = FleetApp.JianghanPool },
            HttpStatusCode.Created);
        await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/organisations/JH0002/rename", new { name = "江汉区财政局（新）" });
        var fence = (await app.PostAs(FleetApp.Jiangan, Role.Supervisor, "/api/geofences",
            new { name = "东湖风景区", kind = "ScenicSpot", centre = new { latitude = 30.556, longitude = 114.397 }, radiusMetres = 1500 }, HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        await app.PostAs(FleetApp.Jiangan, Role.Supervisor, $"/api/geofences/{fence}",
            new { name = "东湖风景区（扩大）", kind = "ScenicSpot", centre = new { latitude = 30.556, longitude = 114.397 }, radiusMetres = 2500 });
        // A holiday sealing, and another withdrawn before it starts.
        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/sealings", new { from = "2027-01-01", to = "2027-01-03", reason = "元旦假期车辆封存" });
        var withdrawn = (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/sealings", new { from = "2027-02-15", to = "2027-02-23", reason = "春节假期车辆封存" }))
            .GetProperty("items").EnumerateArray().First(s => s.GetProperty("from").GetString() == "2027-02-15").GetProperty("sealingId").GetGuid();
        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/sealings/{withdrawn}/lift", new { reason = "另行安排" });
        await WriteTripsAsync();
    }

    /// <summary>A trip the unit drives itself, from request to closing, and one cancelled after dispatch.</summary>
    private async Task WriteTripsAsync()
    {
        const string pool = FleetApp.Jiangan;
        var car = await app.RoadworthyVehicleAsync(pool, "鄂A·R4001");

        async Task<Guid> Dispatched(string day)
        {
            var trip = (await app.PostAs(pool, Role.Clerk, "/api/trips", new
                {
                    purpose = "会议", purposeText = "重建测试", passengers = 2, passengerNames = new[] { "张三" }, pickUp = "区政府", destinations = new[] { "市民之家" },
                    start = $"2026-11-{day}T09:00:00+08:00", end = $"2026-11-{day}T11:00:00+08:00", wantedClass = "Sedan", urgency = "Normal",
                    withDriver = false, outOfRegion = false,
                }, HttpStatusCode.Created))
                .GetProperty("tripId").GetGuid();
            await app.PostAs(pool, Role.Dispatcher, $"/api/trips/{trip}/dispatch", new { vehicleId = car });
            return trip;
        }

        var driven = await Dispatched("03");
        var cancelled = await Dispatched("04");
        await app.PostAs(pool, Role.Clerk, $"/api/trips/{cancelled}/cancel", new { reason = "改期" });
        app.Clock.Reset(Instant.FromUtc(2026, 11, 3, 0, 50));
        await app.PostAs(pool, Role.Dispatcher, $"/api/trips/{driven}/start", new { odometerKm = 10 });
        app.Clock.Reset(Instant.FromUtc(2026, 11, 3, 3, 30));
        await app.PostAs(pool, Role.Dispatcher, $"/api/trips/{driven}/finish", new { odometerKm = 42.5, tolls = 10 });
        await app.PostAs(pool, Role.Clerk, $"/api/trips/{driven}/confirm", new { stars = 4 });

        // The pool's rate card in two versions, and October's statement of the clerk's unit disputed and corrected by the second.
        object Card(int version) => new
        {
            version,
            rates = new[] { new { @class = "Sedan", perKm = 2m * version, perHour = 50m, halfDay = 180m, day = 300m, waitingPerHour = 30m, withDriverPerDay = 100m } },
        };
        await app.PostAs(pool, Role.FleetAdmin, "/api/rate-card", Card(1));
        var statement = (await app.PostAs(pool, Role.FleetAdmin, "/api/statements", new { unit = "JA0001", month = "2026-10" })).GetProperty("id").GetGuid();
        await app.PostAs(pool, Role.Approver, $"/api/statements/{statement}/dispute", new { version = 1, reason = "核对中" });
        await app.PostAs(pool, Role.FleetAdmin, "/api/rate-card", Card(2));
        await app.PostAs(pool, Role.FleetAdmin, $"/api/statements/{statement}/correct", new { version = 1, reason = "按新费率重新开具" });
    }

    private async Task<Dictionary<string, string>> SnapshotAllAsync() => new()
    {
        [nameof(Organisation)] = await SnapshotAsync<Organisation>(),
        [nameof(User)] = await SnapshotAsync<User>(),
        [nameof(Vehicle)] = await SnapshotAsync<Vehicle>(),
        [nameof(Driver)] = await SnapshotAsync<Driver>(),
        [nameof(VehicleSummary)] = await SnapshotAsync<VehicleSummary>(),
        [typeof(PoolFleetView).Name] = await SnapshotAsync<PoolFleetView>(),
        [nameof(Trip)] = await SnapshotAsync<Trip>(),
        [nameof(DispatchRegister)] = await SnapshotAsync<DispatchRegister>(),
        [nameof(LogbookEntry)] = await SnapshotAsync<LogbookEntry>(),
        [PeriodTotalsProjection.Name] = await SnapshotAsync<PeriodTotals>(),
        [FlaggedRecordsProjection.Name] = await SnapshotAsync<FlaggedRecord>(),
        [nameof(TerminalRegistration)] = await SnapshotAsync<TerminalRegistration>(),
        [nameof(GeofenceOutline)] = await SnapshotAsync<GeofenceOutline>(),
        // The demo city's years as the State Council published them, and the test world's later ones.
        [nameof(PublishedCalendarYear)] = await SnapshotAsync<PublishedCalendarYear>(),
        [nameof(HolidaySealings)] = await SnapshotAsync<HolidaySealings>(),
        [nameof(RateCard)] = await SnapshotAsync<RateCard>(),
        [nameof(UnitStatement)] = await SnapshotAsync<UnitStatement>(),
        [nameof(Fleet.Domain.Records.Card)] = await SnapshotAsync<Fleet.Domain.Records.Card>(),
        [nameof(Fleet.Domain.Records.OutsideRecord)] = await SnapshotAsync<Fleet.Domain.Records.OutsideRecord>(),
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
        before.Where(view => view.Value.Length == 0).Select(view => view.Key).Should().BeEmpty();
        before[FlaggedRecordsProjection.Name].Should().Contain("R4001", "a flagged record carries the plate and order it is searched by, rebuilt alike")
            .And.Contain("420102-2026-");

        using var daemon = await app.Store.BuildProjectionDaemonAsync();
        var projections = ((StoreOptions)app.Store.Options).Projections.All.Select(p => p.Name).ToList();
        // This history changes neither the approval policy nor the track checks' thresholds; every other projection's documents are compared.
        projections.Should().BeEquivalentTo([.. before.Keys, nameof(CurrentApprovalPolicy), "CurrentReconciliationPolicy"], "a new projection belongs in the snapshot");
        foreach (var projection in projections) await daemon.RebuildProjectionAsync(projection, CancellationToken.None);

        var after = await SnapshotAllAsync();
        after.Should().BeEquivalentTo(before);
    }
}
