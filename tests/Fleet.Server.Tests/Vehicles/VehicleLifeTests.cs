using System.Net;
using Alba;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using Xunit;

namespace Fleet.Server.Tests.Vehicles;

public class VehicleLifeTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Admin = FleetApp.Jiangan;

    private async Task<Guid> RegisterVehicle(string pool = Admin)
    {
        var plate = TestPlates.Next('V');
        var created = await app.PostAs(pool, Role.FleetAdmin, "/api/vehicles",
            new { plate, category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }, HttpStatusCode.Created);
        return created.GetProperty("vehicleId").GetGuid();
    }

    private Task<JsonElement> Post(Guid vehicle, string action, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        app.PostAs(Admin, Role.FleetAdmin, $"/api/vehicles/{vehicle}/{action}", body, expected);

    [Fact]
    public async Task A_workshop_job_runs_from_booking_to_hand_back()
    {
        var id = await RegisterVehicle();

        var booked = await Post(id, "maintenance",
            new { start = "2026-11-10T01:00:00Z", end = "2026-11-10T09:00:00Z", kind = "保养", note = "二级保养" });
        var job = booked.GetProperty("maintenanceWindows")[0].GetProperty("maintenanceId").GetGuid();

        var overlapping = await Post(id, "maintenance",
            new { start = "2026-11-10T08:00:00Z", end = "2026-11-10T10:00:00Z", kind = "Repair" }, HttpStatusCode.Conflict);
        overlapping.Code().Should().Be("vehicle.maintenance_overlaps");
        overlapping.GetProperty("detail").GetString().Should().Contain("2026-11-10 09:00").And.Contain("2026-11-10 17:00");

        // An action without a form is a bare POST.
        var started = await app.ScenarioAs(Admin, Role.FleetAdmin, s =>
        {
            s.Post.Url($"/api/vehicles/{id}/maintenance/{job}/start");
            s.StatusCodeShouldBeOk();
        });
        (await started.ReadAsJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("underMaintenance");
        var back = await Post(id, $"maintenance/{job}/complete", new { odometerKm = 15234.5 });
        back.GetProperty("status").GetString().Should().Be("inService");
        back.GetProperty("odometer").GetProperty("metres").GetInt64().Should().Be(15_234_500);

        (await Post(id, $"maintenance/{Guid.NewGuid()}/cancel", new { reason = "不需要" }, HttpStatusCode.NotFound)).Code()
            .Should().Be("vehicle.maintenance_not_found");

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        (await session.Events.FetchStreamAsync(id)).Select(e => e.EventTypeName).Should().Equal(
            "vehicle_registered", "maintenance_scheduled", "maintenance_started", "maintenance_completed");
    }

    [Fact]
    public async Task Papers_are_recorded_and_an_inspection_cannot_be_dated_in_the_future()
    {
        var id = await RegisterVehicle();

        var inspected = await Post(id, "inspection", new { inspectedOn = "2026-10-20", validUntil = "2027-10-31", certificateNumber = "JY-2026-001" });
        inspected.GetProperty("inspectionValidUntil").GetString().Should().Be("2027-10-31");
        var insured = await Post(id, "insurance", new { insurer = "中国人保", policyNumber = "PDAA2026", validFrom = "2026-11-01", validUntil = "2027-10-31" });
        insured.GetProperty("insuranceValidUntil").GetString().Should().Be("2027-10-31");

        (await Post(id, "inspection", new { inspectedOn = "2026-12-01", validUntil = "2027-12-31" }, HttpStatusCode.BadRequest)).Code()
            .Should().Be("vehicle.inspection_in_future");
        var missing = await Post(id, "insurance", new { insurer = "中国人保" }, HttpStatusCode.BadRequest);
        missing.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Should().Contain(["validFrom", "validUntil"]);
    }

    [Fact]
    public async Task The_odometer_never_goes_back_except_by_a_reasoned_correction()
    {
        var id = await RegisterVehicle();
        await Post(id, "odometer", new { kilometres = 20000 });

        (await Post(id, "odometer", new { kilometres = 19000 }, HttpStatusCode.Conflict)).Code().Should().Be("vehicle.odometer_backwards");
        (await Post(id, "odometer/correction", new { kilometres = 19000 }, HttpStatusCode.BadRequest)).Code()
            .Should().Be("vehicle.odometer_correction_reason_required");
        var corrected = await Post(id, "odometer/correction", new { kilometres = 19000, reason = "抄表录入错误" });
        corrected.GetProperty("odometer").GetProperty("metres").GetInt64().Should().Be(19_000_000);

        var listed = await app.GetAs(Admin, Role.FleetAdmin, $"/api/vehicles?sort=-odometerKm&pageSize=200");
        listed.GetProperty("items").EnumerateArray().Single(v => v.GetProperty("id").GetGuid() == id)
            .GetProperty("odometerKm").GetDecimal().Should().Be(19000);
    }

    [Fact]
    public async Task A_retired_vehicle_can_only_be_disposed_of_and_a_disposed_one_is_closed()
    {
        var id = await RegisterVehicle();
        (await Post(id, "retire", new { reason = "超过使用年限" })).GetProperty("status").GetString().Should().Be("retired");
        (await Post(id, "maintenance", new { start = "2026-11-20T01:00:00Z", end = "2026-11-20T05:00:00Z", kind = "Routine" },
            HttpStatusCode.Conflict)).Code().Should().Be("vehicle.retired");

        (await Post(id, "dispose", new { method = "拍卖", documentNumber = "鄂机事〔2026〕12号" })).GetProperty("status").GetString().Should().Be("disposed");
        (await Post(id, "inspection", new { inspectedOn = "2026-10-20", validUntil = "2027-10-31" }, HttpStatusCode.Conflict)).Code()
            .Should().Be("vehicle.disposed");
        (await Post(id, "dispose", new { method = "melted" }, HttpStatusCode.BadRequest)).Code().Should().Be("vehicle.disposal_method_invalid");
    }

    [Fact]
    public async Task A_transfer_moves_the_vehicle_and_its_record_to_the_receiving_pool()
    {
        var id = await RegisterVehicle();
        await Post(id, "odometer", new { kilometres = 8000 });
        await Post(id, "inspection", new { inspectedOn = "2026-10-20", validUntil = "2027-10-31" });
        var plate = (await app.GetAs(Admin, Role.FleetAdmin, $"/api/vehicles/{id}")).GetProperty("plate").GetString();

        (await Post(id, "transfer", new { toPool = "420199", reason = "调剂" }, HttpStatusCode.NotFound)).Code().Should().Be("pool.not_found");
        (await Post(id, "transfer", new { toPool = FleetApp.JianganPool, reason = "调剂" }, HttpStatusCode.BadRequest)).Code()
            .Should().Be("vehicle.transfer_same_pool");
        var moved = await Post(id, "transfer", new { toPool = FleetApp.JianghanPool, reason = "区间调剂" });
        moved.GetProperty("homePool").GetString().Should().Be(FleetApp.JianghanPool);

        await app.GetAs(Admin, Role.FleetAdmin, $"/api/vehicles/{id}", HttpStatusCode.NotFound);
        var received = await app.GetAs(FleetApp.Jianghan, Role.FleetAdmin, $"/api/vehicles/{id}");
        received.GetProperty("odometerKm").GetDecimal().Should().Be(8000);
        received.GetProperty("inspectionValidUntil").GetString().Should().Be("2027-10-31");

        (await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/vehicles",
                new { plate, category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }, HttpStatusCode.Conflict))
            .Code().Should().Be("vehicle.plate_taken");

        await using (var left = app.Store.QuerySession(FleetApp.JianganPool))
            (await left.Events.FetchStreamAsync(id)).Last().EventTypeName.Should().Be("vehicle_transferred");
        await using (var arrived = app.Store.QuerySession(FleetApp.JianghanPool))
            (await arrived.Events.FetchStreamAsync(id)).Select(e => e.EventTypeName).Should().Equal("vehicle_received");

        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var jianganFleet = await app.GetAs(Admin, Role.FleetAdmin, $"/api/pools/{FleetApp.JianganPool}/fleet");
        var jianghanFleet = await app.GetAs(FleetApp.Jianghan, Role.FleetAdmin, $"/api/pools/{FleetApp.JianghanPool}/fleet");
        jianganFleet.GetProperty("members").EnumerateObject().Should().NotContain(m => m.Name == id.ToString());
        jianghanFleet.GetProperty("members").EnumerateObject().Should().Contain(m => m.Name == id.ToString());
    }

    [Fact]
    public async Task Another_pools_vehicle_is_invisible_to_read_and_to_change()
    {
        var id = await RegisterVehicle();

        (await app.GetAs(FleetApp.Jianghan, Role.FleetAdmin, $"/api/vehicles/{id}", HttpStatusCode.NotFound)).Code().Should().Be("vehicle.not_found");
        (await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, $"/api/vehicles/{id}/retire", new { reason = "越权" }, HttpStatusCode.NotFound))
            .Code().Should().Be("vehicle.not_found");
        var theirs = await app.GetAs(FleetApp.Jianghan, Role.Supervisor, "/api/vehicles?pageSize=200");
        theirs.GetProperty("items").EnumerateArray().Should().NotContain(v => v.GetProperty("id").GetGuid() == id);
        (await app.GetAs(FleetApp.Jianghan, Role.Supervisor, $"/api/pools/{FleetApp.JianganPool}/fleet", HttpStatusCode.NotFound)).Code()
            .Should().Be("pool.not_found");

        // The city's supervisors audit every district.
        (await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/vehicles/{id}")).GetProperty("homePool").GetString().Should().Be(FleetApp.JianganPool);
        var cityWide = await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/vehicles?pool={FleetApp.JianganPool}&pageSize=200");
        cityWide.GetProperty("items").EnumerateArray().Should().Contain(v => v.GetProperty("id").GetGuid() == id);
    }

    [Theory]
    [InlineData(Role.Clerk)]
    [InlineData(Role.Dispatcher)]
    [InlineData(Role.Driver)]
    [InlineData(Role.Supervisor)]
    public async Task Only_fleet_admins_change_a_vehicle(Role role)
    {
        var id = await RegisterVehicle();

        await app.PostAs(Admin, role, $"/api/vehicles/{id}/odometer", new { kilometres = 100 }, HttpStatusCode.Forbidden);

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        (await session.Events.FetchStreamAsync(id)).Select(e => e.EventTypeName).Should().Equal(["vehicle_registered"], "a refused reading is not stored");
    }

    [Fact]
    public async Task Vehicle_lists_filter_search_and_sort()
    {
        var id = await RegisterVehicle();
        var vehicle = await app.GetAs(Admin, Role.FleetAdmin, $"/api/vehicles/{id}");
        var plate = vehicle.GetProperty("plate").GetString()!;

        var found = await app.GetAs(Admin, Role.Dispatcher, $"/api/vehicles?q={Uri.EscapeDataString(plate[3..].ToLowerInvariant())}");
        found.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("plate").GetString()).Should().Contain(plate);

        var sedans = await app.GetAs(Admin, Role.Dispatcher, "/api/vehicles?vehicleClass=轿车&status=InService&sort=-plate&pageSize=200");
        var plates = sedans.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("plate").GetString()!).ToList();
        plates.Should().Contain(plate).And.BeInDescendingOrder(StringComparer.Ordinal);

        (await app.GetAs(Admin, Role.Dispatcher, "/api/vehicles?status=flying", HttpStatusCode.BadRequest)).Code().Should().Be("request.filter_invalid");
    }
}
