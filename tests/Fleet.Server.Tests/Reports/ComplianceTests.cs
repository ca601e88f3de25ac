using System.Net;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Reports;

/// <summary>
/// November's flags in the logbook month: both trips came back at 11:20 from a window ending at 11:00, the second
/// left 13.5 km above the car's last reading, and its requester disputed the record.
/// </summary>
public class ComplianceTests(LogbookMonth month) : IClassFixture<LogbookMonth>
{
    private readonly FleetApp app = month.App;

    [Fact]
    public async Task Each_flag_names_its_trip_and_the_evidence_behind_it()
    {
        var report = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/compliance?period=2026-11");

        var byKind = report.GetProperty("byKind");
        (byKind.GetProperty("beyondApprovedWindow").GetInt32(), byKind.GetProperty("odometerGap").GetInt32(),
            byKind.GetProperty("disputedByRequester").GetInt32()).Should().Be((2, 1, 1));
        byKind.EnumerateObject().Should().HaveCount(3, "nothing else happened in November");

        var flags = report.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag")).ToList();
        var gap = flags.Single(f => f.GetProperty("kind").GetString() == "odometerGap");
        gap.GetProperty("orderNumber").GetString().Should().Be("420102-2026-00002");
        gap.GetProperty("evidence").GetProperty("unexplainedKm").GetString().Should().Be("13.5");
        var late = flags.First(f => f.GetProperty("kind").GetString() == "beyondApprovedWindow");
        late.GetProperty("evidence").GetProperty("approvedUntil").GetString().Should().Be("2026-11-03 11:00");
        late.GetProperty("evidence").GetProperty("returned").GetString().Should().Be("2026-11-03 11:20");
        flags.Single(f => f.GetProperty("kind").GetString() == "disputedByRequester").GetProperty("evidence").GetProperty("details").GetString()
            .Should().Be("实际只去了市民之家");

        var city = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/compliance?period=2026-11");
        city.GetProperty("flags").EnumerateArray().Should().HaveCount(4).And.OnlyContain(f => f.GetProperty("pool").GetString() == FleetApp.JianganPool);
        (await app.GetAs(FleetApp.Jianghan, Role.Supervisor, "/api/compliance?period=2026-11")).GetProperty("flags").GetArrayLength().Should().Be(0);
        await app.GetAs(FleetApp.Jiangan, Role.Dispatcher, "/api/compliance?period=2026-11", HttpStatusCode.Forbidden);
    }
}
