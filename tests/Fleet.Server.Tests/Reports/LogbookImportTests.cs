using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Marten.Events;
using Xunit;

namespace Fleet.Server.Tests.Reports;

/// <summary>
/// Paper logbooks brought in: good rows become imported trips with their provenance, bad rows are reported with the
/// reason, the same file twice adds nothing, and the imported trips show in the logbook, the figures and compliance.
/// </summary>
public sealed class LogbookImportTests(FleetApp app) : IClassFixture<FleetApp>
{
    [Fact]
    public async Task A_paper_logbook_is_imported_row_by_row_once_and_shows_in_the_views()
    {
        var first = TestPlates.Next('K');
        var second = TestPlates.Next('K');
        var car = await app.RoadworthyVehicleAsync(FleetApp.Jiangan, first);
        await app.RoadworthyVehicleAsync(FleetApp.Jiangan, second);
        await app.DriverAsync(FleetApp.Jiangan, "王强");
        await app.DriverAsync(FleetApp.Jiangan, "李明");
        var csv = string.Join("\r\n",
            "日期,车牌号,派车单号,用车单位,事由,驾驶员,出车时间,回场时间,出车里程,回场里程,加油量,费用",
            $"2026-10-05,{first},JA-纸-001,江岸区政府办公室,参加防汛会议,王强,08:30,11:00,1000,1035.5,,20",
            $"2026-10-06,{second},,ja0001,\"送取材料,急件\",李明,09:00,10:00,500,512,10.5,85.3",
            "2026-10-07,京X·12,,江岸区政府办公室,检查,王强,09:00,10:00,1,2,,",
            "2026-10-07,鄂A·Z9999,,江岸区政府办公室,检查,王强,09:00,10:00,1,2,,",
            $"2026-10-08,{first},,江岸区政府办公室,检查,王强,09:00,10:00,2000,1990,,",
            $"2026-10-05,{first},,江岸区政府办公室,检查,王强,10:00,12:00,1035.5,1040,,",
            $"2026-13-01,{first},,江岸区政府办公室,检查,王强,09:00,10:00,1,2,,",
            $"2026-10-09,{first},,江汉区政府办公室,检查,王强,09:00,10:00,2000,2010,,",
            $"2026-10-10,{first},,江岸区政府办公室,检查,赵六,09:00,10:00,2010,2020,,") + "\r\n";

        var report = await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/logbook/import", new { fileName = "江岸2026年10月.csv", csv });
        report.GetProperty("rows").GetInt32().Should().Be(9);
        report.GetProperty("alreadyImported").GetBoolean().Should().BeFalse();
        report.GetProperty("accepted").EnumerateArray().Select(r => r.GetProperty("row").GetInt32()).Should().Equal(2, 3);
        var rejected = report.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("row").GetInt32(), r => r.GetProperty("code").GetString());
        rejected.Should().Equal(new Dictionary<int, string?>
        {
            [4] = "import.plate_invalid",
            [5] = "import.vehicle_unknown",
            [6] = "import.odometer_backwards",
            [7] = "import.overlapping",
            [8] = "import.date_invalid",
            [9] = "import.unit_unknown",
            [10] = "import.driver_unknown",
        });
        report.GetProperty("rejected").EnumerateArray().First().GetProperty("reason").GetString().Should().Contain("京X·12", "the reason quotes the row");

        // The same file again: the first import's answer, and nothing added.
        await using (var session = app.Store.QuerySession(FleetApp.JianganPool))
        {
            var before = await session.Events.QueryAllRawEvents().CountAsync();
            var again = await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/logbook/import", new { fileName = "copy.csv", csv });
            again.GetProperty("alreadyImported").GetBoolean().Should().BeTrue();
            again.GetProperty("accepted").GetArrayLength().Should().Be(2);
            (await session.Events.QueryAllRawEvents().CountAsync()).Should().Be(before);
        }

        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var logbook = await app.GetAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/logbook?vehicleId={car}&month=2026-10");
        var line = logbook.GetProperty("lines").EnumerateArray().Single().GetProperty("entry");
        line.GetProperty("imported").GetBoolean().Should().BeTrue();
        line.GetProperty("orderNumber").GetString().Should().Be("JA-纸-001");
        line.GetProperty("importedFrom").GetString().Should().EndWith("#2");
        line.GetProperty("unitCode").GetString().Should().Be("JA0001", "the unit is stored by its code, whether the paper gave its name or code");
        line.GetProperty("driverName").GetString().Should().Be("王强");
        logbook.GetProperty("totals").GetProperty("distanceMetres").GetInt64().Should().Be(35_500);

        var figures = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/reports/figures?period=2026-10");
        figures.GetProperty("totals").GetProperty("trips").GetInt32().Should().Be(2);
        figures.GetProperty("totals").GetProperty("distanceKm").GetDecimal().Should().Be(47.5m);

        var compliance = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/compliance?period=2026-10");
        compliance.GetProperty("byKind").GetProperty("importedWithoutDispatchOrder").GetInt32().Should().Be(1, "the second row names no dispatch order");
    }

    [Fact]
    public async Task An_empty_file_is_refused_and_the_template_has_the_paper_columns()
    {
        (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/logbook/import", new { fileName = "x.csv", csv = " " }, HttpStatusCode.BadRequest))
            .Code().Should().Be("validation.required");
        await app.PostAs(FleetApp.Jiangan, Role.Clerk, "/api/logbook/import", new { csv = "x" }, HttpStatusCode.Forbidden);

        var template = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s => s.Get.Url("/api/logbook/import/template"));
        var text = await template.ReadAsTextAsync();
        text.TrimStart('\uFEFF').Should().StartWith("日期,车牌号,派车单号,用车单位,事由,驾驶员,出车时间,回场时间,出车里程,回场里程");
    }
}
