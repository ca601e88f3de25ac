using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Scheduling;

/// <summary>
/// Availability at the edges of maintenance, leave and expiry windows. Intervals are half-open, and dates on
/// papers are local days in Asia/Shanghai (UTC+8), so 2026-11-30 ends at 2026-11-30T16:00Z.
/// </summary>
public class AvailabilityTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;

    private async Task<(Guid Vehicle, Guid Driver)> SetUp(string insuranceUntil, string licenceUntil)
    {
        var vehicle = (await app.PostAs(Pool, Role.FleetAdmin, "/api/vehicles",
                new { plate = TestPlates.Next('S'), category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Hybrid" },
                HttpStatusCode.Created))
            .GetProperty("vehicleId").GetGuid();
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/inspection", new { inspectedOn = "2026-10-01", validUntil = "2027-09-30" });
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/insurance",
            new { insurer = "平安", policyNumber = "P-1", validFrom = "2026-01-01", validUntil = insuranceUntil });
        // Workshop 10:00–12:00 local on 2026-11-25.
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/maintenance",
            new { start = "2026-11-25T02:00:00Z", end = "2026-11-25T04:00:00Z", kind = "Routine" });

        var driver = (await app.PostAs(Pool, Role.FleetAdmin, "/api/drivers",
                new { name = $"司机{Random.Shared.Next(1000, 9999)}", licenceClasses = new[] { "C1" }, licenceNumber = "420102198001011234", licenceExpiresOn = licenceUntil },
                HttpStatusCode.Created))
            .GetProperty("driverId").GetGuid();
        // Leave all of 2026-11-26 local.
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/drivers/{driver}/leave",
            new { start = "2026-11-25T16:00:00Z", end = "2026-11-26T16:00:00Z", kind = "Personal" }, HttpStatusCode.Created);
        return (vehicle, driver);
    }

    private async Task<(JsonElement Vehicle, JsonElement Driver)> Ask(Guid vehicle, Guid driver, string from, string to)
    {
        var answer = await app.GetAs(Pool, Role.Dispatcher,
            $"/api/availability?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        return (answer.GetProperty("vehicles").EnumerateArray().Single(v => v.GetProperty("vehicleId").GetGuid() == vehicle),
            answer.GetProperty("drivers").EnumerateArray().Single(d => d.GetProperty("driverId").GetGuid() == driver));
    }

    private static IEnumerable<string> Reasons(JsonElement row) =>
        row.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!);

    [Theory]
    [InlineData("2026-11-25T08:00:00+08:00", "2026-11-25T10:00:00+08:00", true)] // ends as the workshop starts
    [InlineData("2026-11-25T12:00:00+08:00", "2026-11-25T14:00:00+08:00", true)] // starts as the workshop ends
    [InlineData("2026-11-25T11:59:00+08:00", "2026-11-25T13:00:00+08:00", false)]
    [InlineData("2026-11-25T03:59:00Z", "2026-11-25T05:00:00Z", false)] // the same moment written in UTC
    public async Task Maintenance_blocks_exactly_its_half_open_window(string from, string to, bool available)
    {
        var (vehicle, driver) = await SetUp("2027-10-31", "2030-01-01");

        var (row, _) = await Ask(vehicle, driver, from, to);

        row.GetProperty("available").GetBoolean().Should().Be(available);
        if (!available) Reasons(row).Should().Equal("maintenance");
    }

    [Theory]
    [InlineData("2026-11-26T00:00:00+08:00", "2026-11-26T09:00:00+08:00", false)]
    [InlineData("2026-11-25T20:00:00+08:00", "2026-11-26T00:00:00+08:00", true)] // ends as the leave starts
    [InlineData("2026-11-27T00:00:00+08:00", "2026-11-27T09:00:00+08:00", true)] // starts as the leave ends
    public async Task Leave_blocks_its_local_day(string from, string to, bool available)
    {
        var (vehicle, driver) = await SetUp("2027-10-31", "2030-01-01");

        var (_, row) = await Ask(vehicle, driver, from, to);

        row.GetProperty("available").GetBoolean().Should().Be(available);
        if (!available) Reasons(row).Should().Equal("onLeave");
    }

    [Theory]
    [InlineData("2026-11-30T22:00:00+08:00", "2026-11-30T23:59:00+08:00", true)] // the last local day is still covered
    [InlineData("2026-11-30T22:00:00+08:00", "2026-12-01T01:00:00+08:00", false)] // into the next local day
    public async Task Papers_and_licences_are_valid_through_their_last_local_day(string from, string to, bool available)
    {
        var (vehicle, driver) = await SetUp("2026-11-30", "2026-11-30");

        var (vehicleRow, driverRow) = await Ask(vehicle, driver, from, to);

        vehicleRow.GetProperty("available").GetBoolean().Should().Be(available);
        driverRow.GetProperty("available").GetBoolean().Should().Be(available);
        if (!available)
        {
            Reasons(vehicleRow).Should().Equal("insuranceExpired");
            Reasons(driverRow).Should().Equal("licenceExpired");
            vehicleRow.GetProperty("reasons")[0].GetProperty("validUntil").GetString().Should().Be("2026-11-30");
        }
    }

    [Fact]
    public async Task Another_pools_vehicles_and_drivers_are_not_candidates()
    {
        var (vehicle, driver) = await SetUp("2027-10-31", "2030-01-01");

        var answer = await app.GetAs(FleetApp.Jianghan, Role.Dispatcher, "/api/availability?from=2026-11-28T08:00:00%2B08:00&to=2026-11-28T10:00:00%2B08:00");

        answer.GetProperty("vehicles").EnumerateArray().Should().NotContain(v => v.GetProperty("vehicleId").GetGuid() == vehicle);
        answer.GetProperty("drivers").EnumerateArray().Should().NotContain(d => d.GetProperty("driverId").GetGuid() == driver);
    }

    [Theory]
    [InlineData("", "2026-11-28T10:00:00Z", "validation.required")]
    [InlineData("tomorrow", "2026-11-28T10:00:00Z", "request.moment_invalid")]
    [InlineData("2026-11-28T10:00:00Z", "2026-11-28T09:00:00Z", "availability.interval_invalid")]
    [InlineData("2026-11-01T10:00:00Z", "2026-12-28T09:00:00Z", "availability.interval_too_long")]
    public async Task A_bad_interval_is_a_400(string from, string to, string code)
    {
        var problem = await app.GetAs(Pool, Role.Dispatcher,
            $"/api/availability?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}", HttpStatusCode.BadRequest);

        problem.Code().Should().Be(code);
    }
}
