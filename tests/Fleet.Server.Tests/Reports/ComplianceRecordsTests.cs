using System.Net;
using System.Text;
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
/// into a finding when it was not justified, and goes when it was; a correction that lowered a car's odometer stays;
/// the flags of records from outside are found by their trip's unit.
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

    [Fact]
    public async Task The_flags_of_records_from_outside_are_found_by_their_trips_unit_and_not_by_another()
    {
        const string otherUnit = "JA0002";
        var day = new LocalDate(2029, 4, 2);
        Instant Local(int hour, int minute = 0) => day.At(new LocalTime(hour, minute)).InZoneStrictly(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).ToInstant();
        app.Clock.Reset(Local(8));
        var plate = TestPlates.Next('K');
        var car = await app.RoadworthyVehicleAsync(Pool, plate, papersFrom: "2029-01-01", papersUntil: "2029-12-31");
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{car}/odometer", new { kilometres = 5000 });
        var (etc, fuel) = ($"4201{Random.Shared.Next(10_000_000, 99_999_999)}0002", $"100011330{Random.Shared.Next(1_000_000, 9_999_999)}");
        await app.PostAs(Pool, Role.FleetAdmin, "/api/cards", new { kind = "etc", number = etc, vehicleId = car }, HttpStatusCode.Created);
        await app.PostAs(Pool, Role.FleetAdmin, "/api/cards", new { kind = "fuel", number = fuel, vehicleId = car }, HttpStatusCode.Created);
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{car}/fuel-figures", new { tankLitres = 50, litresPer100Km = 8 });
        var trip = await app.DispatchedTripAsync(Pool, car, await app.AccountDriverAsync(Pool), new TripBuilder().On(day, 10, 12));
        await trip.DriveAsync(5000m, 5040m, Local(9, 55), Local(11, 50));
        string unit;
        await using (var session = app.Store.QuerySession(FleetApp.PoolCode(Pool)))
            unit = (await session.LoadAsync<Fleet.Domain.Trips.Trip>(trip.Id))!.UnitCode;
        unit.Should().NotBe(otherUnit);

        // During the trip: 25 yuan of tolls none were declared for, and 60 litres into a 50-litre tank; at night, a toll outside any trip.
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        app.Clock.Reset(Local(23));
        await ImportAsync("hubei-etc", Encoding.UTF8, "车牌号,ETC卡号,入口站,出口站,入口时间,出口时间,通行费(元)",
            $"{plate},{etc},武汉东,黄陂,2029/04/02 10:10,2029/04/02 10:30,25.00", $"{plate},{etc},黄陂,武汉东,2029/04/02 21:40,2029/04/02 22:00,25.00");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await ImportAsync("sinopec-fuel", Encoding.GetEncoding("gbk"), "卡号,交易时间,数量(升),金额(元),加油站",
            $"{fuel},2029-04-02 11:00:00,60.00,450.00,中石化武汉解放大道加油站");

        var tripKinds = new[] { "declaredTollsDiffer", "declaredFuelDiffer", "fuelOverTank" };
        var all = await AprilAsync($"search={Uri.EscapeDataString(plate)}");
        all.Select(f => f.GetProperty("kind").GetString()).Should().BeEquivalentTo([.. tripKinds, "tollOutsideTrip"]);
        var ofUnit = await AprilAsync($"unit={unit}");
        ofUnit.Select(f => f.GetProperty("kind").GetString()).Should().BeEquivalentTo(tripKinds, "the trip's records and its fuel purchase carry its unit");
        ofUnit.Should().OnlyContain(f => f.GetProperty("tripId").GetGuid() == trip.Id && f.GetProperty("orderNumber").GetString()!.StartsWith("420102-2029-"));
        (await AprilAsync($"unit={otherUnit}")).Should().BeEmpty();
    }

    private async Task ImportAsync(string layout, Encoding encoding, params string[] lines) =>
        await app.PostAs(Pool, Role.FleetAdmin, "/api/records/import",
            new { layout, fileName = $"{layout}-2029-04.csv", content = Convert.ToBase64String(encoding.GetBytes(string.Join("\n", lines) + "\n")) });

    private async Task<IReadOnlyList<JsonElement>> AprilAsync(string filter)
    {
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var report = await app.GetAs(Pool, Role.Supervisor, $"/api/compliance?period=2029-04&pageSize=100&{filter}");
        return report.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag")).ToList();
    }
}
