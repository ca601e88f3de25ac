using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Reports;

/// <summary>
/// The flags that are not a driven trip's: an emergency trip's stays while its unit head has not reviewed it, turns
/// into a finding when it was not justified, and goes when it was; a correction that lowered a car's odometer stays.
/// </summary>
public class ComplianceRecordsTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;
    private static readonly Instant Monday = Instant.FromUtc(2029, 3, 5, 1, 30);

    private async Task<Guid> EmergencyAsync(int day) => (await app.RequestTripAsync(Pool, new TripBuilder()
            .For("防汛抢险", "应急保障").Carrying(4, "张三").From("区应急局").To("长江堤防").On(new LocalDate(2029, 3, day), 22, 2).AsEmergency("应急")))
        .Id;

    private async Task<JsonElement> MarchAsync()
    {
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        return await app.GetAs(Pool, Role.Supervisor, "/api/compliance?period=2029-03");
    }

    private static IReadOnlyDictionary<string, int> ByKind(JsonElement report) =>
        report.GetProperty("byKind").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

    [Fact]
    public async Task An_emergency_is_flagged_until_reviewed_and_a_lowered_odometer_stays_flagged()
    {
        app.Clock.Reset(Monday);
        var justified = await EmergencyAsync(5);
        var unjustified = await EmergencyAsync(6);
        var car = await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('K'), papersFrom: "2029-01-01", papersUntil: "2029-12-31");
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{car}/odometer", new { kilometres = 15000 });
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{car}/odometer/correction", new { kilometres = 14990, reason = "多记10公里" });

        var before = await MarchAsync();
        ByKind(before).Should().Equal(new Dictionary<string, int> { ["odometerTurnedBack"] = 1, ["emergencyNotReviewed"] = 2 });
        var flags = before.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag")).ToList();
        var turnedBack = flags.Single(f => f.GetProperty("kind").GetString() == "odometerTurnedBack");
        (turnedBack.GetProperty("vehicleId").GetGuid(), turnedBack.GetProperty("evidence").GetProperty("fromKm").GetString(),
            turnedBack.GetProperty("evidence").GetProperty("toKm").GetString(), turnedBack.GetProperty("evidence").GetProperty("reason").GetString())
            .Should().Be((car, "15000.0", "14990.0", "多记10公里"));
        turnedBack.GetProperty("plate").GetString().Should().NotBeNullOrEmpty();
        flags.Where(f => f.GetProperty("kind").GetString() == "emergencyNotReviewed").Select(f => f.GetProperty("tripId").GetGuid())
            .Should().Equal(justified, unjustified);

        await app.PostAs(Pool, Role.Approver, $"/api/trips/{justified}/review", new { outcome = "属实", note = "汛情紧急" });
        await app.PostAs(Pool, Role.Approver, $"/api/trips/{unjustified}/review", new { outcome = "不属实", note = "可以提前申请" });

        var after = await MarchAsync();
        ByKind(after).Should().Equal(new Dictionary<string, int> { ["odometerTurnedBack"] = 1, ["emergencyNotJustified"] = 1 });
        after.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag"))
            .Single(f => f.GetProperty("kind").GetString() == "emergencyNotJustified").GetProperty("tripId").GetGuid().Should().Be(unjustified);
        after.GetProperty("totalFlags").GetInt64().Should().Be(2);
    }
}
