using System.Net;
using System.Text;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Records;

/// <summary>
/// 江岸's fleet admin registers a fuel card and an ETC card to a car, then imports the issuers' exports (a GBK fuel-card
/// file, an ETC file with a byte-order mark, a parking operator's file): good rows are taken with their provenance, bad
/// ones reported with the reason, the same file twice adds nothing, an overlapping file adds only its new rows, and the
/// checks find what does not fit the car's trips.
/// </summary>
public sealed class RecordImportTests(FleetApp app) : IClassFixture<FleetApp>
{
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>An export from the fixtures, in its own encoding, with the test's plates and cards in place of the placeholders.</summary>
    public static string Fixture(string name, IReadOnlyDictionary<string, string> values, string encoding = "utf-8")
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var code = Encoding.GetEncoding(encoding);
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Records", "Fixtures", name));
        var text = values.Aggregate(code.GetString(bytes), (t, v) => t.Replace("{" + v.Key + "}", v.Value));
        return Convert.ToBase64String(code.GetBytes(text));
    }

    private Task<JsonElement> Import(string layout, string fileName, string content, HttpStatusCode expected = HttpStatusCode.OK) =>
        app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/records/import", new { layout, fileName, content }, expected);

    private static IReadOnlyDictionary<int, string> Rejected(JsonElement report) =>
        report.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("row").GetInt32(), r => r.GetProperty("code").GetString()!);

    private static int[] Rows(JsonElement report, string property) => [.. report.GetProperty(property).EnumerateArray().Select(r => r.GetInt32())];

    [Fact]
    public async Task Cards_are_bound_moved_lost_and_replaced_by_the_fleet_admin_only()
    {
        var car = await app.RoadworthyVehicleAsync(FleetApp.Jiangan, TestPlates.Next('R'));
        var other = await app.RoadworthyVehicleAsync(FleetApp.Jiangan, TestPlates.Next('R'));
        var number = $"100011330{Random.Shared.Next(1_000_000, 9_999_999)}";

        (await app.PostAs(FleetApp.Jiangan, Role.Clerk, "/api/cards", new { kind = "fuel", number, vehicleId = car }, HttpStatusCode.Forbidden))
            .Code().Should().Be("auth.forbidden");
        (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/cards", new { kind = "diesel", number = "12", vehicleId = car }, HttpStatusCode.BadRequest))
            .GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).Should().Equal("card.kind_invalid", "card.number_invalid");
        var card = await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/cards", new { kind = "fuel", number, vehicleId = car }, HttpStatusCode.Created);
        var id = card.GetProperty("id").GetGuid();
        card.GetProperty("status").GetString().Should().Be("bound");
        (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/cards", new { kind = "fuel", number, vehicleId = other }, HttpStatusCode.Conflict))
            .Code().Should().Be("card.already_bound");
        (await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, $"/api/cards/{id}/lost", new { reason = "x" }, HttpStatusCode.NotFound))
            .Code().Should().Be("card.not_found", "another pool's card is not found");

        var moved = await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/cards/{id}/move", new { vehicleId = other, reason = "调车" });
        moved.GetProperty("holdings").GetArrayLength().Should().Be(2);
        var replacement = await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/cards/{id}/replace", new { number = number + "9", reason = "磁条损坏" });
        replacement.GetProperty("replaces").GetString().Should().Be(number);
        var newId = replacement.GetProperty("id").GetGuid();
        (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/cards/{id}/lost", new { reason = "x" }, HttpStatusCode.Conflict))
            .Code().Should().Be("card.ended");
        (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/cards/{newId}/lost", new { reason = "遗失" })).GetProperty("status").GetString()
            .Should().Be("lost");

        var cards = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/cards");
        cards.EnumerateArray().Where(c => c.GetProperty("number").GetString()!.StartsWith(number)).Select(c => c.GetProperty("status").GetString())
            .Should().BeEquivalentTo(["replaced", "lost"]);

        var figures = await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{car}/fuel-figures", new { tankLitres = 50, litresPer100Km = 8 });
        figures.GetProperty("fuel").GetProperty("tankLitres").GetDecimal().Should().Be(50);
        (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{car}/fuel-figures", new { tankLitres = -1 }, HttpStatusCode.BadRequest))
            .Code().Should().Be("vehicle.tank_invalid");
    }

    [Fact]
    public async Task Fuel_card_etc_and_parking_exports_are_imported_row_by_row_once_and_checked_against_the_trips()
    {
        var (p1, p2) = (TestPlates.Next('R'), TestPlates.Next('R'));
        var (f1, e1) = ($"100011330{Random.Shared.Next(1_000_000, 9_999_999)}", $"4201{Random.Shared.Next(10_000_000, 99_999_999)}0001");
        var car = await app.RoadworthyVehicleAsync(FleetApp.Jiangan, p1);
        await app.RoadworthyVehicleAsync(FleetApp.Jiangan, p2);
        // The cards were bound in September: the records of October are the car's.
        app.Clock.Reset(new LocalDateTime(2026, 9, 1, 9, 0).InZoneStrictly(Wuhan).ToInstant());
        try
        {
            await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/cards", new { kind = "fuel", number = f1, vehicleId = car }, HttpStatusCode.Created);
            await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/cards", new { kind = "etc", number = e1, vehicleId = car }, HttpStatusCode.Created);
        }
        finally
        {
            app.Clock.Reset(FleetApp.Start);
        }

        await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/vehicles/{car}/fuel-figures", new { tankLitres = 50, litresPer100Km = 8 });

        // Two trips of the car from its paper logbook: 5 October with 12 litres declared, 6 October with none.
        await app.DriverAsync(FleetApp.Jiangan, "王强");
        var logbook = string.Join("\r\n", "日期,车牌号,派车单号,用车单位,事由,驾驶员,出车时间,回场时间,出车里程,回场里程,加油量,费用",
            $"2026-10-05,{p1},JA-纸-101,江岸区政府办公室,参加防汛会议,王强,08:30,11:00,1000,1035.5,12,0",
            $"2026-10-06,{p1},JA-纸-102,江岸区政府办公室,送材料,王强,09:00,10:00,1100,1110,,0") + "\r\n";
        (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/logbook/import", new { fileName = "logbook.csv", csv = logbook }))
            .GetProperty("accepted").GetArrayLength().Should().Be(2);
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var values = new Dictionary<string, string> { ["P1"] = p1, ["P2"] = p2, ["F1"] = f1, ["E1"] = e1 };

        var fuel = await Import("sinopec-fuel", "中石化2026年10月.csv", Fixture("sinopec-fuel.csv", values, "gbk"));
        Rows(fuel, "accepted").Should().Equal(2, 3);
        Rejected(fuel).Should().Equal(new Dictionary<int, string> { [4] = "records.card_unknown", [5] = "records.time_invalid", [6] = "records.card_unbound" });
        fuel.GetProperty("rejected")[0].GetProperty("reason").GetString().Should().Contain("9999888877776666").And.Contain("未登记", "the reason is in words, in Chinese first");
        fuel.GetProperty("flagged").GetInt32().Should().Be(1, "60 litres on a day without a trip, more than the 50-litre tank");

        var etc = await Import("hubei-etc", "etc.csv", Fixture("hubei-etc.csv", values));
        Rows(etc, "accepted").Should().Equal(2, 3);
        Rejected(etc).Should().Equal(new Dictionary<int, string> { [4] = "records.amount_invalid" });
        etc.GetProperty("flagged").GetInt32().Should().Be(2, "a toll at 22:00 outside every trip, and 25 yuan of tolls on a trip that declared none");

        var parking = Fixture("wuhan-parking.csv", values);
        var parked = await Import("wuhan-parking", "parking.csv", parking);
        Rows(parked, "accepted").Should().Equal(2, 3);
        Rejected(parked).Should().Equal(new Dictionary<int, string> { [4] = "records.vehicle_unknown" });

        // The same file again: the first answer, nothing added; an overlapping file: only its new rows.
        await using (var session = app.Store.QuerySession(FleetApp.JianganPool))
        {
            var before = await session.Events.QueryAllRawEvents().CountAsync();
            var again = await Import("wuhan-parking", "copy.csv", parking);
            again.GetProperty("alreadyImported").GetBoolean().Should().BeTrue();
            Rows(again, "accepted").Should().Equal(2, 3);
            (await session.Events.QueryAllRawEvents().CountAsync()).Should().Be(before);
        }

        // The checks' findings are compliance flags, with their evidence.
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var compliance = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, $"/api/compliance?period=2026-10&pageSize=100&search={Uri.EscapeDataString(p1)}");
        var flags = compliance.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag")).ToList();
        flags.Select(f => f.GetProperty("kind").GetString()).Should().Contain(["fuelWithoutTrip", "fuelOverTank", "tollOutsideTrip", "declaredTollsDiffer",
            "declaredParkingDiffer"]);
        var overTank = flags.Single(f => f.GetProperty("kind").GetString() == "fuelOverTank").GetProperty("evidence");
        (overTank.GetProperty("recorded").GetString(), overTank.GetProperty("limit").GetString(), overTank.GetProperty("at").GetString())
            .Should().Be(("60.00", "50.00", "2026-10-10 10:00"));
        var tolls = flags.Single(f => f.GetProperty("kind").GetString() == "declaredTollsDiffer");
        tolls.GetProperty("tripId").GetGuid().Should().NotBeEmpty();
        (tolls.GetProperty("evidence").GetProperty("recorded").GetString(), tolls.GetProperty("evidence").GetProperty("limit").GetString()).Should().Be(("25.00", "0.00"));
        // A paper logbook's trip has no document of its own: its records' flags carry the unit its logbook line names, those outside any trip none.
        string unit;
        await using (var session = app.Store.QuerySession(FleetApp.JianganPool))
            unit = (await session.LoadAsync<Fleet.Projections.Logbook.LogbookEntry>(tolls.GetProperty("tripId").GetGuid()))!.UnitCode;
        unit.Should().NotBeEmpty("the paper names the unit 江岸区政府办公室");
        var ofUnit = await app.GetAs(FleetApp.Jiangan, Role.Supervisor,
            $"/api/compliance?period=2026-10&pageSize=100&unit={Uri.EscapeDataString(unit)}&search={Uri.EscapeDataString(p1)}");
        ofUnit.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag").GetProperty("kind").GetString()).Should()
            .Contain(["declaredTollsDiffer", "declaredParkingDiffer"]).And.NotContain(["tollOutsideTrip", "fuelOverTank"]);

        var overlapping = Convert.ToBase64String(Convert.FromBase64String(parking).Concat(Encoding.UTF8.GetBytes($"{p2},武汉天地停车场,2026-10-07 10:00,2026-10-07 12:00,20.00\n")).ToArray());
        var next = await Import("wuhan-parking", "parking-2.csv", overlapping);
        Rows(next, "repeated").Should().Equal(2, 3);
        Rows(next, "accepted").Should().Equal(5);
    }

    [Fact]
    public async Task A_file_that_is_not_csv_too_large_of_an_unknown_layout_or_from_the_wrong_role_is_refused()
    {
        var csv = Convert.ToBase64String(Encoding.UTF8.GetBytes("车牌号码,停车场,入场时间,离场时间,实收金额\n"));
        (await app.PostAs(FleetApp.Jiangan, Role.Dispatcher, "/api/records/import", new { layout = "wuhan-parking", fileName = "p.csv", content = csv },
            HttpStatusCode.Forbidden)).Code().Should().Be("auth.forbidden");
        (await Import("wuhan-parking", "p.xlsx", csv, HttpStatusCode.UnsupportedMediaType)).Code().Should().Be("records.not_csv");
        (await Import("wuhan-parking", "p.csv", Convert.ToBase64String([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]), HttpStatusCode.UnsupportedMediaType))
            .Code().Should().Be("records.not_csv");
        (await Import("shell-fuel", "p.csv", csv, HttpStatusCode.BadRequest)).Code().Should().Be("records.layout_unknown");
        (await Import("wuhan-parking", "p.csv", "not base64!", HttpStatusCode.BadRequest)).Code().Should().Be("records.content_invalid");
        (await Import("wuhan-parking", "p.csv", Convert.ToBase64String(Encoding.UTF8.GetBytes("日期,车牌\n")), HttpStatusCode.BadRequest)).Code()
            .Should().Be("records.column_missing");

        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Post.Text("车牌号码,停车场\n").ToUrl("/api/records/import");
            s.StatusCodeShouldBe(HttpStatusCode.UnsupportedMediaType);
        });
        (await result.ReadAsJsonAsync<JsonElement>()).Code().Should().Be("request.unsupported_media_type");
        var huge = $$"""{"layout":"wuhan-parking","fileName":"p.csv","content":"{{new string('A', 33 * 1024 * 1024)}}"}""";
        result = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s =>
        {
            s.Post.Text(huge).ToUrl("/api/records/import");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(HttpStatusCode.RequestEntityTooLarge);
        });
        (await result.ReadAsJsonAsync<JsonElement>()).Code().Should().Be("request.too_large");
    }
}
