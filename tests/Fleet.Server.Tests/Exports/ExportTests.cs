using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Alba;
using Fleet.Domain.People;
using Fleet.Server.Web.Pages.Trips;
using Fleet.Testing;
using FluentAssertions;
using MiniExcelLibs;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fleet.Server.Tests.Exports;

/// <summary>
/// Three trips of 江岸 in November 2026 (two dispatched, one waiting for its car) and one of 江汉, and the cars that
/// drive them: what the workbooks are read from.
/// </summary>
public sealed class ExportWorld : IAsyncLifetime
{
    private readonly FleetApp app = new();

    public FleetApp App => app;
    public TestTrip Dispatched { get; private set; } = null!;
    public Guid Car { get; private set; }

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        var car = Car = await app.RoadworthyVehicleAsync(FleetApp.Jiangan, "鄂A·X0001");
        var other = await app.RoadworthyVehicleAsync(FleetApp.Jiangan, "鄂A·X0002");
        var driver = await app.AccountDriverAsync(FleetApp.Jiangan, "周师傅");
        var second = await app.DriverAsync(FleetApp.Jiangan, "吴师傅");
        Dispatched = await app.DispatchedTripAsync(FleetApp.Jiangan, car, driver, new TripBuilder().For("安全生产检查", "检查调研").To("武汉港", "天河机场")
            .Between("2026-11-04T09:00:00+08:00", "2026-11-04T11:00:00+08:00"));
        await app.DispatchedTripAsync(FleetApp.Jiangan, other, second, new TripBuilder().For("参加推进会").Between("2026-11-05T14:00:00+08:00", "2026-11-05T16:00:00+08:00"));
        await app.RequestTripAsync(FleetApp.Jiangan, new TripBuilder().For("调研走访").Between("2026-11-20T09:00:00+08:00", "2026-11-20T10:00:00+08:00"));
        await app.RequestTripAsync(FleetApp.Jianghan, new TripBuilder().For("江汉区的会议").Between("2026-11-06T09:00:00+08:00", "2026-11-06T10:00:00+08:00"));
    }

    public Task DisposeAsync() => app.DisposeAsync();
}

public class ExportTests(ExportWorld world) : IClassFixture<ExportWorld>
{
    private readonly FleetApp app = world.App;

    private async Task<(List<List<object?>> Rows, IScenarioResult Result)> Workbook(string pool, Role role, string url, string language = "zh-CN")
    {
        var result = await app.ScenarioAs(pool, role, s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Accept-Language", language);
            s.StatusCodeShouldBeOk();
        });
        result.Context.Response.ContentType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var file = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(file);
        file.Position = 0;
        var rows = MiniExcel.Query(file, useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToList()).ToList();
        return (rows, result);
    }

    private async Task<long> Listed(string pool, Role role, string query) =>
        (await app.GetAs(pool, role, "/api/trips?pageSize=1&" + query)).GetProperty("totalItems").GetInt64();

    [Fact]
    public async Task The_trips_workbook_has_the_lists_rows_with_headers_and_values_in_chinese_words()
    {
        var (rows, result) = await Workbook(FleetApp.Jiangan, Role.Dispatcher, "/exports/trips?from=2026-11-01&to=2026-11-30");

        rows[0].Take(6).Should().Equal("派车单号", "状态", "用车单位", "申请人", "用车类别", "事由");
        rows.Count.Should().Be(1 + (int)await Listed(FleetApp.Jiangan, Role.Dispatcher, "from=2026-11-01&to=2026-11-30")).And.Be(1 + 3);
        var dispatched = rows.Single(r => Equals(r[5], "安全生产检查"));
        dispatched[1].Should().Be("已派车", "a status is written as the reader calls it, never as its code");
        dispatched[2].Should().NotBe("JA0001").And.NotBeNull("the unit is named, not coded");
        dispatched[4].Should().Be("检查调研");
        dispatched[8].Should().Be("武汉港、天河机场");
        dispatched[9].Should().Be(new DateTime(2026, 11, 4, 9, 0, 0), "times are the city's local time, as spreadsheet dates");
        dispatched[11].Should().Be("鄂A·X0001");
        dispatched[12].Should().Be("轿车");
        Convert.ToInt32(dispatched[6]).Should().Be(2, "the passengers are a number");
        rows.SelectMany(r => r).OfType<string>().Should().NotContain(new[] { "Dispatched", "Requested", "Sedan", "Meeting" });

        var disposition = result.Context.Response.Headers.ContentDisposition.ToString();
        disposition.Should().Contain("filename=\"trips-2026-11.xlsx\"").And.Contain("filename*=UTF-8''" + Uri.EscapeDataString("出车记录-2026-11.xlsx"));
    }

    [Fact]
    public async Task The_trips_workbook_speaks_english_to_an_english_reader()
    {
        var (rows, result) = await Workbook(FleetApp.Jiangan, Role.Dispatcher, "/exports/trips?status=Dispatched", "en");

        rows[0].Take(6).Should().Equal("Dispatch order", "Status", "Unit", "Requested by", "Kind of trip", "Purpose");
        rows.Skip(1).Select(r => r[1]).Should().OnlyContain(s => Equals(s, "Dispatched")).And.HaveCount(2);
        rows.Skip(1).Select(r => r[12]).Should().OnlyContain(s => Equals(s, "Sedan"));
        result.Context.Response.Headers.ContentDisposition.ToString().Should().Contain("filename*=UTF-8''trips-");
    }

    [Fact]
    public async Task The_trips_workbook_keeps_the_pages_filters_and_search()
    {
        var (searched, _) = await Workbook(FleetApp.Jiangan, Role.Dispatcher, "/exports/trips?search=" + Uri.EscapeDataString("鄂A·X0001"));
        searched.Should().HaveCount(1 + 1);
        searched[1][5].Should().Be("安全生产检查");

        var (waiting, _) = await Workbook(FleetApp.Jiangan, Role.Dispatcher, "/exports/trips?status=Approved");
        (waiting.Count - 1).Should().Be((int)await Listed(FleetApp.Jiangan, Role.Dispatcher, "status=Approved")).And.Be(1);
    }

    [Fact]
    public async Task Another_district_exports_only_its_own_trips()
    {
        var (rows, _) = await Workbook(FleetApp.Jianghan, Role.Dispatcher, "/exports/trips");

        rows.Skip(1).Select(r => r[5]).Should().Equal("江汉区的会议");
        (rows.Count - 1).Should().Be((int)await Listed(FleetApp.Jianghan, Role.Dispatcher, ""));
    }

    [Fact]
    public async Task A_refused_filter_is_answered_with_its_problem_not_a_file()
    {
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.Dispatcher, s =>
        {
            s.Get.Url("/exports/trips?from=2026-13-01");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });
        (await result.ReadAsJsonAsync<JsonElement>()).Code().Should().Be("trips.day_invalid");
    }

    [Fact]
    public async Task An_audit_search_for_an_unknown_login_says_so_in_words()
    {
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.Supervisor, s =>
        {
            s.Get.Url("/exports/audit?login=nobody{0}");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });
        var problem = await result.ReadAsJsonAsync<JsonElement>();
        problem.Code().Should().Be("audit.unknown_login");
        problem.GetProperty("detail").GetString().Should().Be("没有登录名为 nobody{0} 的账号。");
    }

    [Theory]
    [InlineData("/exports/trips", Role.Driver)]
    [InlineData("/exports/vehicles", Role.Dispatcher)]
    [InlineData("/exports/audit?from=2026-11-01", Role.Clerk)]
    [InlineData("/exports/reports", Role.Clerk)]
    public async Task A_role_without_the_list_gets_no_workbook(string url, Role role) =>
        await app.ScenarioAs(FleetApp.Jiangan, role, s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
        });

    [Fact]
    public async Task The_vehicles_workbook_lists_the_districts_cars_in_words()
    {
        var (rows, _) = await Workbook(FleetApp.Jiangan, Role.FleetAdmin, "/exports/vehicles");

        rows[0].Take(3).Should().Equal("车牌号", "车辆类别", "车型");
        var listed = (await app.GetAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/vehicles?pageSize=1")).GetProperty("totalItems").GetInt32();
        rows.Should().HaveCount(1 + listed);
        rows.Single(r => Equals(r[0], "鄂A·X0001"))[2].Should().Be("轿车");

        var (theirs, _) = await Workbook(FleetApp.Jianghan, Role.FleetAdmin, "/exports/vehicles");
        theirs.Select(r => r[0]).Should().NotContain("鄂A·X0001", "another district's cars are not in its list");
    }

    [Fact]
    public async Task Moments_show_their_minute_and_days_show_no_time()
    {
        var trips = await FormatsAsync(FleetApp.Jiangan, Role.Dispatcher, "/exports/trips?from=2026-11-01&to=2026-11-30");
        var start = trips.Headers.IndexOf("计划出发");
        trips.Rows.Should().NotBeEmpty().And.OnlyContain(r => r[start] == "yyyy-mm-dd hh:mm", "a planned start is a moment of the day");

        var vehicles = await FormatsAsync(FleetApp.Jiangan, Role.FleetAdmin, "/exports/vehicles");
        var inspection = vehicles.Headers.IndexOf("年检有效期至");
        vehicles.Rows.Where(r => r[inspection] is not null).Should().NotBeEmpty()
            .And.OnlyContain(r => r[inspection] == "14", "a day is shown as Excel's own date, without 00:00");
    }

    /// <summary>
    /// The first sheet's headers and, for each later row, the number format of each cell: a built-in format by its
    /// number, a custom one by its code, null for a cell with no value.
    /// </summary>
    private async Task<(List<string> Headers, List<List<string?>> Rows)> FormatsAsync(string pool, Role role, string url)
    {
        var result = await app.ScenarioAs(pool, role, s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBeOk();
        });
        var file = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(file);
        using var zip = new ZipArchive(file);
        XNamespace x = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        XDocument Part(string name) => XDocument.Load(zip.GetEntry(name)!.Open());
        var styles = Part("xl/styles.xml");
        var custom = styles.Descendants(x + "numFmt").ToDictionary(f => (string)f.Attribute("numFmtId")!, f => (string)f.Attribute("formatCode")!);
        var formats = styles.Root!.Element(x + "cellXfs")!.Elements(x + "xf").Select(f => (string)f.Attribute("numFmtId")!)
            .Select(id => custom.GetValueOrDefault(id, id)).ToList();
        var strings = Part("xl/sharedStrings.xml").Descendants(x + "si").Select(si => si.Value).ToList();
        var rows = Part("xl/worksheets/sheet1.xml").Descendants(x + "row").Select(r => r.Elements(x + "c").ToList()).ToList();
        var headers = rows[0].Select(c => (string?)c.Attribute("t") == "s" ? strings[int.Parse(c.Value)] : c.Value).ToList();
        return (headers, rows.Skip(1).Select(r => r.Select(c => c.Element(x + "v") is null ? null : formats[int.Parse((string?)c.Attribute("s") ?? "0")]).ToList()).ToList());
    }

    [Fact]
    public async Task The_audit_workbook_holds_a_trips_history_by_event_name()
    {
        var (rows, _) = await Workbook(FleetApp.Jiangan, Role.Supervisor, $"/exports/audit?record={world.Dispatched.Id}");

        rows[0].Take(3).Should().Equal("时间", "车队", "事件");
        rows.Skip(1).Select(r => r[2]?.ToString() ?? "").Should().NotContain(text => text.StartsWith("trip_"), "events are named in words, not by their alias");
        rows.Count.Should().BeGreaterThan(2);

        await app.ScenarioAs(FleetApp.Jianghan, Role.Supervisor, s =>
        {
            s.Get.Url($"/exports/audit?record={world.Dispatched.Id}");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
    }

    [Fact]
    public async Task The_reports_workbook_has_a_sheet_per_table()
    {
        var result = await app.ScenarioAs(FleetApp.Jiangan, Role.Supervisor, s =>
        {
            s.Get.Url("/exports/reports?period=2026-11");
            s.StatusCodeShouldBeOk();
        });
        var file = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(file);
        file.Position = 0;

        MiniExcel.GetSheetNames(file).Should().Equal("概况", "各单位用车", "车辆", "合规提示");
        result.Context.Response.Headers.ContentDisposition.ToString().Should().Contain("filename=\"reports-2026-11.xlsx\"");
    }

    [Theory]
    [InlineData("/exports/logbook?vehicleId={car}&month=2026-11", Role.Dispatcher, "日期", 1)]
    [InlineData("/exports/compliance?period=2026-11", Role.FleetAdmin, "时间", 0)]
    [InlineData("/exports/audit?from=2026-11-01&to=2026-12-31", Role.FleetAdmin, "时间", 10)]
    [InlineData("/exports/drivers", Role.FleetAdmin, "姓名", 2)]
    [InlineData("/exports/users", Role.FleetAdmin, "登录名", 6)]
    [InlineData("/exports/organisations", Role.FleetAdmin, "名称", 2)]
    public async Task Every_list_has_its_workbook_in_words(string url, Role role, string firstHeader, int atLeast)
    {
        var (rows, _) = await Workbook(FleetApp.Jiangan, role, url.Replace("{car}", world.Car.ToString()));

        rows[0][0].Should().Be(firstHeader, "a workbook without rows still says what its columns are");
        (rows.Count - 1).Should().BeGreaterThanOrEqualTo(atLeast);
        var codes = new[] { "Dispatcher", "FleetAdmin", "Clerk", "Active", "Unit", "District", "Sedan", "Meeting" };
        rows.SelectMany(r => r).OfType<string>().Should().NotContain(codes, "roles, statuses, kinds and units are written in words");
    }

    [Fact]
    public async Task A_logbook_workbook_adds_up_its_month_in_numbers()
    {
        var (rows, _) = await Workbook(FleetApp.Jiangan, Role.Dispatcher, $"/exports/logbook?vehicleId={world.Car}&month=2026-11", "en");

        rows[0].Should().Contain("Distance (km)");
        rows[^1][0].Should().Be("Month total");
        rows[^1][12].Should().BeOfType<double>("a distance is a number a spreadsheet adds up, not text");
    }

    [Fact]
    public async Task Every_workbook_is_closed_to_a_driver()
    {
        var routes = app.Host.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().Select(e => e.RoutePattern.RawText!).Where(r => r.StartsWith("/exports/", StringComparison.Ordinal))
            .ToList();

        routes.Should().HaveCount(10);
        foreach (var route in routes)
            await app.ScenarioAs(FleetApp.Jiangan, Role.Driver, s =>
            {
                // A statement's workbook is asked for by its id: any id, the driver is refused before it is looked up.
                s.Get.Url(route.Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal));
                s.StatusCodeShouldBe(HttpStatusCode.Forbidden);
            });
    }

    [Theory]
    [InlineData("2026-11-01", "2026-11-30", "2026-11")]
    [InlineData("2026-11-03", "2026-11-20", "2026-11-03_2026-11-20")]
    [InlineData("2026-11-03", "2026-11-03", "2026-11-03")]
    [InlineData("2026-11-03", null, "2026-11-03_")]
    [InlineData(null, null, "2026-12-03")]
    public void A_files_name_says_when_its_rows_run(string? from, string? to, string when)
    {
        static NodaTime.LocalDate? Day(string? text) => text is null ? null : NodaTime.Text.LocalDatePattern.Iso.Parse(text).Value;

        Fleet.Server.Web.Exports.ExportName.Span(Day(from), Day(to), new NodaTime.LocalDate(2026, 12, 3)).Should().Be(when);
        var name = Fleet.Server.Web.Exports.ExportName.Of("出车登记簿-鄂A·X0001", "logbook-鄂A·X0001", when);
        name.Ascii.Should().Be($"logbook-_A_X0001-{when}.xlsx");
        name.ContentDisposition.Should().Be($"attachment; filename=\"{name.Ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(name.Local)}");
    }

    [Fact]
    public void The_dispatch_orders_code_holds_the_absolute_address_of_the_trip_page()
    {
        var trip = Guid.Parse("7d5c7f36-1c1e-4a53-9f39-3c6f0f0c2b11");

        DispatchOrderCode.Payload(new Uri("https://fleet.wuhan.example/"), trip).Should().Be($"https://fleet.wuhan.example/trips/{trip}");
        DispatchOrderCode.Payload(new Uri("http://10.0.0.5:5080/fleet"), trip).Should().Be($"http://10.0.0.5:5080/fleet/trips/{trip}");
        DispatchOrderCode.Png("https://fleet.wuhan.example/trips/x").Take(8).Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
    }

    [Fact]
    public async Task The_dispatch_order_is_seen_by_whoever_sees_the_trip()
    {
        var page = await app.ScenarioAs(FleetApp.Jiangan, Role.Clerk, s =>
        {
            s.Get.Url($"/trips/{world.Dispatched.Id}/order");
            s.StatusCodeShouldBeOk();
        });
        var html = await page.ReadAsTextAsync();
        html.Should().Contain("420102-2026-").And.Contain("鄂A·X0001").And.Contain("周师傅").And.Contain($"/trips/{world.Dispatched.Id}\"");

        await app.ScenarioAs(FleetApp.Jianghan, Role.Dispatcher, s =>
        {
            s.Get.Url($"/trips/{world.Dispatched.Id}/order");
            s.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
    }
}
