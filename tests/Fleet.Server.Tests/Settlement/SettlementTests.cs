using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Testing;
using Marten;
using Marten.Events;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Settlement;

/// <summary>
/// 江岸's November: a rate card for sedans, two trips of the demo clerk's unit driven and closed in November (one with
/// fuel, tolls and parking), and the clock moved to 1 December, when November is over and can be settled.
/// </summary>
public sealed class SettledMonth : IAsyncLifetime
{
    public const string Pool = FleetApp.Jiangan;
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public FleetApp App { get; } = new();
    public string Unit { get; private set; } = "";

    public static Instant Local(int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, month, day, hour, minute).InZoneLeniently(Wuhan).ToInstant();

    /// <summary>Sedans: 2 yuan a km, 50 an hour, 180 a half day, 300 a day, 30 an hour of waiting, 100 a day with a driver.</summary>
    public static object SedanCard(int version) => new
    {
        version,
        rates = new[] { new { @class = "Sedan", perKm = 2m, perHour = 50m, halfDay = 180m, day = 300m, waitingPerHour = 30m, withDriverPerDay = 100m } },
    };

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var vehicle = await App.RoadworthyVehicleAsync(Pool, "鄂A·S0001");
        await App.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/odometer", new { kilometres = 10000 });
        var driver = await App.AccountDriverAsync(Pool, "刘志强", licenceExpiresOn: "2030-01-01");
        await App.PostAs(Pool, Role.FleetAdmin, "/api/rate-card", SedanCard(1));

        // 8:50 to 11:20, 30 km: two and a half hours, three started hours (150) beat a half day (180).
        await DriveAsync(vehicle, driver, 3, 10000m, 10030m, new { });
        // 40 km and 52.30 of fuel, 30 of tolls, 15 of parking.
        await DriveAsync(vehicle, driver, 5, 10030m, 10070m, new { fuelLitres = 6.5, fuelCost = 52.3, tolls = 30, parking = 15 });
        App.Clock.Reset(Local(12, 1, 9));
    }

    private async Task DriveAsync(Guid vehicle, Guid driver, int day, decimal odometerOut, decimal odometerIn, object costs)
    {
        App.Clock.Reset(Local(11, day, 7));
        var trip = await App.DispatchedTripAsync(Pool, vehicle, driver, new TripBuilder().For("检查调研").Between(Local(11, day, 9), Local(11, day, 11)));
        Unit = (await App.GetAs(Pool, Role.Clerk, $"/api/trips/{trip.Id}")).GetProperty("unitCode").GetString()!;
        var figures = JsonSerializer.SerializeToElement(costs).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        figures["returnedAt"] = Local(11, day, 11, 20).ToString();
        await trip.DriveAsync(odometerOut, odometerIn, startAt: Local(11, day, 8, 50), finishAt: Local(11, day, 11, 30), figures);
        (await trip.ConfirmAsync()).GetProperty("status").GetString().Should().Be("closed");
    }

    public Task DisposeAsync() => App.DisposeAsync();
}

/// <summary>
/// The pool's fleet admin issues a unit's monthly statement, the unit's head disputes or confirms it, the admin corrects it
/// by a new version; bad input, other roles and other pools are refused, and a stale version is a 409.
/// </summary>
public sealed class SettlementTests(SettledMonth month) : IClassFixture<SettledMonth>
{
    private const string Pool = SettledMonth.Pool;
    private readonly FleetApp app = month.App;

    private static IReadOnlyList<JsonElement> Versions(JsonElement statement) => [.. statement.GetProperty("versions").EnumerateArray()];

    [Fact]
    public async Task November_is_issued_disputed_corrected_by_a_new_version_confirmed_and_exported_to_a_workbook()
    {
        var statement = await app.PostAs(Pool, Role.FleetAdmin, "/api/statements", new { unit = month.Unit, month = "2026-11" });
        var id = statement.GetProperty("id").GetGuid();
        var first = Versions(statement).Should().ContainSingle().Subject;
        var lines = first.GetProperty("lines").EnumerateArray().ToList();
        lines.Select(l => l.GetProperty("tariff").GetString()).Should().Equal("hourly", "hourly");
        lines.Select(l => l.GetProperty("total").GetDecimal()).Should().Equal(60m + 150m + 100m, 80m + 150m + 100m + 52.3m + 30m + 15m);
        first.GetProperty("total").GetDecimal().Should().Be(737.3m);
        first.GetProperty("rateCardVersion").GetInt32().Should().Be(1);
        (await app.PostAs(Pool, Role.FleetAdmin, "/api/statements", new { unit = month.Unit, month = "2026-11" }, HttpStatusCode.Conflict))
            .Code().Should().Be("statement.already_issued");
        (await app.GetAs(Pool, Role.Approver, $"/api/statements/{id}")).GetProperty("unitCode").GetString().Should().Be(month.Unit);

        (await app.PostAs(Pool, Role.Approver, $"/api/statements/{id}/dispute", new { version = 1, reason = " " }, HttpStatusCode.BadRequest))
            .Code().Should().Be("validation.required");
        var disputed = await app.PostAs(Pool, Role.Approver, $"/api/statements/{id}/dispute", new { version = 1, reason = "11月5日的停车费应由会议方承担" });
        Versions(disputed)[0].GetProperty("status").GetString().Should().Be("disputed");

        (await app.PostAs(Pool, Role.FleetAdmin, $"/api/statements/{id}/correct", new { version = 1, reason = "重算" }, HttpStatusCode.Conflict))
            .Code().Should().Be("statement.correction_changes_nothing");
        (await app.PostAs(Pool, Role.FleetAdmin, "/api/rate-card", SettledMonth.SedanCard(1), HttpStatusCode.Conflict)).Code().Should().Be("rates.version_not_next");
        await app.PostAs(Pool, Role.FleetAdmin, "/api/rate-card", new
        {
            version = 2,
            rates = new[] { new { @class = "Bus", perKm = 5m, perHour = 90m, halfDay = 320m, day = 560m, waitingPerHour = 40m, withDriverPerDay = 120m } },
        });
        (await app.PostAs(Pool, Role.FleetAdmin, $"/api/statements/{id}/correct", new { version = 1, reason = "重算" }, HttpStatusCode.Conflict))
            .Code().Should().Be("settlement.no_rate_for_class");
        await app.PostAs(Pool, Role.FleetAdmin, "/api/rate-card", SettledMonth.SedanCard(3));
        var corrected = await app.PostAs(Pool, Role.FleetAdmin, $"/api/statements/{id}/correct", new { version = 1, reason = "按第3版费率重新开具" });
        Versions(corrected).Select(v => v.GetProperty("status").GetString()).Should().Equal("superseded", "issued");
        Versions(corrected)[1].GetProperty("rateCardVersion").GetInt32().Should().Be(3);

        (await app.PostAs(Pool, Role.Approver, $"/api/statements/{id}/confirm", new { version = 1 }, HttpStatusCode.Conflict))
            .Code().Should().Be("statement.superseded");
        var confirmed = await app.PostAs(Pool, Role.Approver, $"/api/statements/{id}/confirm", new { version = 2 });
        Versions(confirmed)[1].GetProperty("status").GetString().Should().Be("confirmed");
        (await app.PostAs(Pool, Role.Approver, $"/api/statements/{id}/dispute", new { version = 2, reason = "晚了" }, HttpStatusCode.Conflict))
            .Code().Should().Be("statement.already_answered");
        (await app.PostAs(Pool, Role.FleetAdmin, $"/api/statements/{id}/correct", new { version = 2, reason = "再改" }, HttpStatusCode.Conflict))
            .Code().Should().Be("statement.confirmed");

        var types = await StreamTypesAsync(id);
        types.Should().Equal("statement_issued", "statement_disputed", "statement_corrected", "statement_confirmed");
        await TheWorkbookAddsUpAsync();

        var costs = await app.GetAs(Pool, Role.FleetAdmin, "/api/settlement/costs?year=2026");
        var unit = costs.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("key").GetString() == month.Unit);
        (unit.GetProperty("trips").GetInt32(), unit.GetProperty("kilometres").GetDecimal(), unit.GetProperty("total").GetDecimal()).Should().Be((2, 70m, 737.3m));
        unit.GetProperty("perKm").GetDecimal().Should().Be(10.53m);
        (await app.GetAs(Pool, Role.Clerk, "/api/settlement/costs?year=2026", HttpStatusCode.Forbidden)).Code().Should().Be("auth.forbidden");
        (await app.GetAs(Pool, Role.FleetAdmin, "/api/settlement/costs", HttpStatusCode.BadRequest)).Code().Should().Be("validation.required");

        // One month: November's statements alone, October's none.
        var november = await app.GetAs(Pool, Role.Supervisor, "/api/settlement/costs?month=2026-11");
        november.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("key").GetString() == month.Unit).GetProperty("total").GetDecimal()
            .Should().Be(737.3m);
        november.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("key").GetString()).Should().Equal("Sedan");
        (await app.GetAs(Pool, Role.Supervisor, "/api/settlement/costs?month=2025-01")).GetProperty("all").GetProperty("trips").GetInt32().Should().Be(0);
        (await app.GetAs(Pool, Role.FleetAdmin, "/api/settlement/costs?month=2026-13", HttpStatusCode.BadRequest)).Code().Should().Be("statement.month_invalid");

        // The statement reaches the upper level's platform through the exchange feed, version by version, with its lines.
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var fed = new List<JsonElement>();
        for (long after = 0; ;)
        {
            var page = await app.GetAs(Pool, Role.Supervisor, $"/api/exchange/feed?after={after}&limit=1000");
            fed.AddRange(page.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("subject").GetString() == id.ToString()));
            if (page.GetProperty("caughtUp").GetBoolean()) break;
            after = page.GetProperty("next").GetInt64();
        }

        fed.Select(e => e.GetProperty("type").GetString()).Should()
            .Equal("fleet.statement_issued", "fleet.statement_disputed", "fleet.statement_corrected", "fleet.statement_confirmed");
        fed[2].GetProperty("data").GetProperty("lines").GetArrayLength().Should().Be(2);
    }

    /// <summary>The workbook of November's current version, read back: its lines add up to the statement's total.</summary>
    private async Task TheWorkbookAddsUpAsync()
    {
        var statement = (await app.GetAs(Pool, Role.Approver, "/api/statements")).EnumerateArray().Single(s => s.GetProperty("month").GetString() == "2026-11");
        var current = Versions(statement)[^1];

        var result = await app.ScenarioAs(Pool, Role.Approver, s =>
        {
            s.Get.Url($"/exports/statements/{statement.GetProperty("id").GetGuid()}");
            s.WithRequestHeader("Accept-Language", "zh-CN");
            s.StatusCodeShouldBeOk();
        });
        result.Context.Response.ContentType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var file = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(file);
        file.Position = 0;
        var rows = MiniExcelLibs.MiniExcel.Query(file, useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToList()).ToList();

        rows[0].Take(3).Should().Equal("派车单号", "车牌号", "车型");
        rows.Should().HaveCount(1 + 2 + 1, "a header, the two trips and the total");
        rows[1][1].Should().Be("鄂A·S0001");
        rows[^1][0].Should().Be("合计（元）");
        Convert.ToDecimal(rows[^1][^1]).Should().Be(current.GetProperty("total").GetDecimal()).And.Be(737.3m);
        Convert.ToDecimal(rows[1][^1]).Should().Be(310m);
        (await app.ScenarioAs(FleetApp.Jianghan, Role.FleetAdmin, s =>
        {
            s.Get.Url($"/exports/statements/{statement.GetProperty("id").GetGuid()}");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        })).Should().NotBeNull("another pool's statement is not found");
    }

    [Theory]
    [InlineData("2026-13", HttpStatusCode.BadRequest, "statement.month_invalid")]
    [InlineData("2026-12", HttpStatusCode.BadRequest, "statement.month_not_over")]
    [InlineData("", HttpStatusCode.BadRequest, "validation.required")]
    public async Task A_month_that_is_not_one_or_not_over_is_refused(string text, HttpStatusCode status, string code) =>
        (await app.PostAs(Pool, Role.FleetAdmin, "/api/statements", new { unit = month.Unit, month = text }, status)).Code().Should().Be(code);

    [Fact]
    public async Task Only_the_pools_fleet_admin_issues_and_only_the_units_approvers_answer()
    {
        (await app.PostAs(Pool, Role.Clerk, "/api/statements", new { unit = month.Unit, month = "2026-10" }, HttpStatusCode.Forbidden))
            .Code().Should().Be("auth.forbidden");
        (await app.PostAs(Pool, Role.FleetAdmin, "/api/statements", new { unit = "JH0001", month = "2026-10" }, HttpStatusCode.NotFound))
            .Code().Should().Be("statement.unit_not_found", "another pool's unit is not this admin's to settle");
        (await app.PostAs(FleetApp.Jianghan, Role.FleetAdmin, "/api/statements", new { unit = month.Unit, month = "2026-10" }, HttpStatusCode.NotFound))
            .Code().Should().Be("statement.unit_not_found");

        var october = await app.PostAs(Pool, Role.FleetAdmin, "/api/statements", new { unit = month.Unit, month = "2026-10" });
        var id = october.GetProperty("id").GetGuid();
        Versions(october).Single().GetProperty("lines").GetArrayLength().Should().Be(0, "a month without trips is settled with nothing to pay");
        (await app.PostAs(Pool, Role.FleetAdmin, $"/api/statements/{id}/confirm", new { version = 1 }, HttpStatusCode.Forbidden)).Code().Should().Be("auth.forbidden");
        (await app.PostAs(FleetApp.Jianghan, Role.Approver, $"/api/statements/{id}/confirm", new { version = 1 }, HttpStatusCode.NotFound))
            .Code().Should().Be("statement.not_found", "another pool's statement is not found");
        (await app.GetAs(FleetApp.Jianghan, Role.FleetAdmin, $"/api/statements/{id}", HttpStatusCode.NotFound)).Code().Should().Be("statement.not_found");
        (await app.PostAs(Pool, Role.Approver, $"/api/statements/{id}/confirm", new { }, HttpStatusCode.BadRequest)).Code().Should().Be("validation.required");
        (await app.PostAs(Pool, Role.Approver, $"/api/statements/{id}/confirm", new { version = 7 }, HttpStatusCode.BadRequest))
            .Code().Should().Be("statement.version_unknown");
        (await app.GetAs(Pool, Role.FleetAdmin, "/api/statements")).EnumerateArray().Select(s => s.GetProperty("month").GetString()).Should().Contain("2026-10");
    }

    [Fact]
    public async Task An_approver_of_another_unit_of_the_pool_may_not_answer()
    {
        await app.PostAs(Pool, Role.FleetAdmin, "/api/organisations/units", new { code = "JA0077", name = "江岸区结算测试办", parentCode = FleetApp.JianganPool },
            HttpStatusCode.Created);
        await app.PostAs(Pool, Role.FleetAdmin, "/api/users",
            new { loginName = "settle.head", displayName = "另一单位负责人", organisationCode = "JA0077", roles = new[] { "Approver" }, password = "settle-head-pw" },
            HttpStatusCode.Created);
        var september = (await app.PostAs(Pool, Role.FleetAdmin, "/api/statements", new { unit = month.Unit, month = "2026-09" })).GetProperty("id").GetGuid();
        var token = (await (await app.Host.Scenario(s => s.Post.Json(new { loginName = "settle.head", password = "settle-head-pw" }).ToUrl("/api/auth/token")))
            .ReadAsJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();

        var refused = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { version = 1 }).ToUrl($"/api/statements/{september}/confirm");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
        });
        (await refused.ReadAsJsonAsync<JsonElement>()).Code().Should().Be("statement.not_your_unit");
    }

    [Fact]
    public async Task A_trip_document_written_before_it_carried_its_closing_moment_is_dated_by_its_closing_event()
    {
        var pool = FleetApp.PoolCode(Pool);
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        List<Fleet.Domain.Trips.Trip> closed;
        await using (var session = app.Store.LightweightSession(pool))
        {
            closed = [.. await session.Query<Fleet.Domain.Trips.Trip>().Where(t => t.UnitCode == month.Unit && t.ClosedAt != null).ToListAsync()];
            closed.Should().HaveCount(2);
            foreach (var trip in closed) session.Store(trip with { ClosedAt = null });
            await session.SaveChangesAsync();
        }

        try
        {
            await using var read = app.Store.QuerySession(pool);
            var trips = await Fleet.Server.Settlement.Statements.StatementStream.ClosedTripsAsync(read, month.Unit, new LocalDate(2026, 11, 1), zone,
                CancellationToken.None);
            trips.Select(t => t.TripId).Should().BeEquivalentTo(closed.Select(t => t.Id));
            (await Fleet.Server.Settlement.Statements.StatementStream.ClosedTripsAsync(read, month.Unit, new LocalDate(2026, 10, 1), zone,
                CancellationToken.None)).Should().BeEmpty();
        }
        finally
        {
            await using var session = app.Store.LightweightSession(pool);
            foreach (var trip in closed) session.Store(trip);
            await session.SaveChangesAsync();
        }
    }

    private async Task<IReadOnlyList<string>> StreamTypesAsync(Guid id)
    {
        await using var session = app.Store.QuerySession(FleetApp.PoolCode(Pool));
        return (await session.Events.FetchStreamAsync(id)).Select(e => e.EventTypeName).ToList();
    }
}
