using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Scheduling;

/// <summary>
/// Each server keeps a pool's cars and drivers in memory for the dispatch screens. Whatever changes them, on
/// whichever server, the next answer of every server shows it: two servers share one database here, one is
/// asked first (so that it holds the roster), the other records the change.
/// </summary>
public sealed class PoolRosterTests(TwoServerFleet app) : IClassFixture<TwoServerFleet>
{
    private const string Pool = FleetApp.Jiangan;
    private const string Morning = "from=2026-11-20T09:00:00%2B08:00&to=2026-11-20T12:00:00%2B08:00";

    [Fact]
    public async Task A_car_registered_or_sent_to_the_workshop_on_one_server_is_seen_at_once_on_the_other()
    {
        await AvailabilityOnOtherServer();
        var vehicle = await app.RoadworthyVehicleAsync(Pool);

        (await AvailabilityOnOtherServer()).GetProperty("vehicles").EnumerateArray()
            .Should().ContainSingle(v => v.GetProperty("vehicleId").GetGuid() == vehicle && v.GetProperty("available").GetBoolean());

        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/maintenance",
            new { start = "2026-11-20T01:00:00Z", end = "2026-11-20T03:00:00Z", kind = "Routine" });

        var row = (await AvailabilityOnOtherServer()).GetProperty("vehicles").EnumerateArray().Single(v => v.GetProperty("vehicleId").GetGuid() == vehicle);
        row.GetProperty("available").GetBoolean().Should().BeFalse();
        row.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("reason").GetString()).Should().Equal("maintenance");
    }

    [Fact]
    public async Task A_driver_suspended_on_one_server_is_no_candidate_on_the_other()
    {
        var driver = await app.DriverAsync(Pool, $"司机{Random.Shared.Next(1000, 9999)}");
        (await AvailabilityOnOtherServer()).GetProperty("drivers").EnumerateArray()
            .Should().ContainSingle(d => d.GetProperty("driverId").GetGuid() == driver && d.GetProperty("available").GetBoolean());

        await app.PostAs(Pool, Role.FleetAdmin, $"/api/drivers/{driver}/suspend", new { reason = "体检未通过" });

        var row = (await AvailabilityOnOtherServer()).GetProperty("drivers").EnumerateArray().Single(d => d.GetProperty("driverId").GetGuid() == driver);
        row.GetProperty("available").GetBoolean().Should().BeFalse();
        row.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("reason").GetString()).Should().Equal("suspended");
    }

    private async Task<JsonElement> AvailabilityOnOtherServer()
    {
        var bearer = await app.BearerFor(Pool, Role.Dispatcher);
        var result = await app.Other.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", bearer);
            s.Get.Url($"/api/availability?{Morning}");
            s.StatusCodeShouldBeOk();
        });
        return await result.ReadAsJsonAsync<JsonElement>();
    }
}
