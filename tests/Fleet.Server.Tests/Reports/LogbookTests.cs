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
using Snapshooter;
using Snapshooter.Xunit;
using Xunit;

namespace Fleet.Server.Tests.Reports;

/// <summary>
/// The electronic logbook of one car and its driver for November 2026 in 江岸: two trips driven, one cancelled
/// after dispatch, one in December. Its CSV and printable page are pinned by snapshots.
/// </summary>
/// <summary>The month's history, written once for all the logbook tests.</summary>
public sealed class LogbookMonth : IAsyncLifetime
{
    private const string Pool = FleetApp.Jiangan;
    private static readonly DateTimeZone Wuhan = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private readonly FleetApp app = new();
    private Guid _vehicle, _driver;

    public FleetApp App => app;
    public Guid Vehicle => _vehicle;
    public Guid Driver => _driver;

    /// <summary>The first trip of the month: requested, dispatched, driven, confirmed and rated.</summary>
    public Guid FirstTrip { get; private set; }

    private static Instant Local(int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, month, day, hour, minute).InZoneStrictly(Wuhan).ToInstant();

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        _vehicle = await app.RoadworthyVehicleAsync(Pool, "鄂A·G0001");
        await app.PostAs(Pool, Role.FleetAdmin, $"/api/vehicles/{_vehicle}/odometer", new { kilometres = 20000 });
        _driver = await app.AccountDriverAsync(Pool, "刘志强", licenceExpiresOn: "2030-01-01");

        var first = await Drive(11, 3, "检查调研", "安全生产检查", "武汉港", odometerOut: 20000, odometerIn: 20046.5m, new { fuelLitres = 6.5, fuelCost = 52.3, tolls = 10 });
        await first.ConfirmAsync(5, "准时");
        FirstTrip = first.Id;

        var second = await Drive(11, 5, "会议", "参加全市推进会, 汇报\"用车改革\"", "市民之家", odometerOut: 20060, odometerIn: 20081.2m, new { parking = 15 });
        await app.PostAs(Pool, Role.Clerk, $"/api/trips/{second.Id}/dispute", new { items = new[] { "里程" }, details = "实际只去了市民之家" });

        var cancelled = await Dispatched(11, 6, "会议", "改期的会议", "区政府");
        await app.PostAs(Pool, Role.Clerk, $"/api/trips/{cancelled.Id}/cancel", new { reason = "会议改期" });

        await Drive(12, 1, "公务接待", "接待省厅检查组", "天河机场", odometerOut: 20081.2m, odometerIn: 20150, new { tolls = 30 });
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private async Task<TestTrip> Dispatched(int month, int day, string purpose, string purposeText, string destination)
    {
        app.Clock.Reset(Local(month, day, 7));
        return await app.DispatchedTripAsync(Pool, _vehicle, _driver, new TripBuilder()
            .For(purposeText, purpose).Carrying(2, "张三").To(destination).Between(Local(month, day, 9), Local(month, day, 11)));
    }

    private async Task<TestTrip> Drive(int month, int day, string purpose, string purposeText, string destination, decimal odometerOut, decimal odometerIn,
        object costs)
    {
        var trip = await Dispatched(month, day, purpose, purposeText, destination);
        var figures = JsonSerializer.SerializeToElement(costs).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        figures["returnedAt"] = Local(month, day, 11, 20).ToString();
        await trip.DriveAsync(odometerOut, odometerIn, startAt: Local(month, day, 8, 50), finishAt: Local(month, day, 11, 30), figures);
        return trip;
    }

}

public class LogbookTests(LogbookMonth month) : IClassFixture<LogbookMonth>
{
    private const string Pool = FleetApp.Jiangan;
    private readonly FleetApp app = month.App;
    private readonly Guid _vehicle = month.Vehicle, _driver = month.Driver;

    private async Task<string> Text(string url, string role = "Dispatcher", string language = "zh-CN", string pool = Pool)
    {
        var result = await app.ScenarioAs(pool, Enum.Parse<Role>(role), s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Accept-Language", language);
            s.StatusCodeShouldBeOk();
        });
        // Read raw, so that a byte-order mark is seen rather than swallowed by a decoder.
        var body = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(body);
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(body.ToArray());
    }

    [Fact]
    public async Task A_month_lists_the_trips_driven_in_order_with_their_totals()
    {
        var page = await app.GetAs(Pool, Role.Dispatcher, $"/api/logbook?vehicleId={_vehicle}&month=2026-11");

        page.GetProperty("subject").GetString().Should().Be("鄂A·G0001");
        var lines = page.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("entry")).ToList();
        lines.Select(l => l.GetProperty("purposeText").GetString()).Should().Equal("安全生产检查", "参加全市推进会, 汇报\"用车改革\"");
        lines.Select(l => l.GetProperty("orderNumber").GetString()).Should().Equal("420102-2026-00001", "420102-2026-00002");
        lines[0].GetProperty("distanceMetres").GetInt64().Should().Be(46_500);
        lines[1].GetProperty("odometerGap").GetBoolean().Should().BeTrue("the car was driven 13.5 km between the two trips");
        lines[1].GetProperty("disputed").GetBoolean().Should().BeTrue();
        page.GetProperty("lines")[0].GetProperty("unitName").GetString().Should().NotBe("JA0001", "the unit is shown by name");

        var totals = page.GetProperty("totals");
        totals.GetProperty("trips").GetInt32().Should().Be(2);
        totals.GetProperty("distanceMetres").GetInt64().Should().Be(46_500 + 21_200);
        totals.GetProperty("cost").GetDecimal().Should().Be(52.3m + 10 + 15);

        var byDriver = await app.GetAs(Pool, Role.Supervisor, $"/api/logbook?driverId={_driver}&month=2026-12");
        byDriver.GetProperty("subject").GetString().Should().Be("刘志强");
        byDriver.GetProperty("lines").EnumerateArray().Single().GetProperty("entry").GetProperty("purposeText").GetString().Should().Be("接待省厅检查组");
    }

    [Fact]
    public async Task The_csv_and_the_printable_page_keep_the_paper_forms_columns()
    {
        var csv = await Text($"/api/logbook/csv?vehicleId={_vehicle}&month=2026-11");
        csv.Should().StartWith("\uFEFF", "Excel needs the byte-order mark to read UTF-8");
        Snapshot.Match(csv, SnapshotNameExtension.Create("csv"));

        var html = await Text($"/api/logbook/print?vehicleId={_vehicle}&month=2026-11");
        Snapshot.Match(html, SnapshotNameExtension.Create("html"));

        (await Text($"/api/logbook/csv?vehicleId={_vehicle}&month=2026-11", language: "en")).Should().Contain("Dispatch order,Requesting unit");
    }

    [Fact]
    public async Task Only_the_pools_staff_and_city_supervisors_read_it_and_bad_questions_are_named()
    {
        await app.GetAs(FleetApp.Jianghan, Role.Dispatcher, $"/api/logbook?vehicleId={_vehicle}&month=2026-11", HttpStatusCode.NotFound);
        (await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/logbook?vehicleId={_vehicle}&month=2026-11")).GetProperty("totals")
            .GetProperty("trips").GetInt32().Should().Be(2);
        await app.GetAs(Pool, Role.Clerk, $"/api/logbook?vehicleId={_vehicle}&month=2026-11", HttpStatusCode.Forbidden);

        (await app.GetAs(Pool, Role.Dispatcher, $"/api/logbook?vehicleId={_vehicle}&month=11月", HttpStatusCode.BadRequest)).GetProperty("errors")[0]
            .GetProperty("code").GetString().Should().Be("logbook.month_invalid");
        (await app.GetAs(Pool, Role.Dispatcher, "/api/logbook?month=2026-11", HttpStatusCode.BadRequest)).GetProperty("errors")[0]
            .GetProperty("code").GetString().Should().Be("logbook.subject_required");
        (await app.GetAs(Pool, Role.Dispatcher, $"/api/logbook?vehicleId={_vehicle}&month=2026-10")).GetProperty("lines").GetArrayLength().Should().Be(0);
    }
}
