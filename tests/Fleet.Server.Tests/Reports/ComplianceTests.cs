using System.Net;
using System.Text.Json;
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

    [Fact]
    public async Task The_flags_come_a_page_at_a_time_in_the_order_they_happened_and_one_kind_can_be_asked_for()
    {
        var whole = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/compliance?period=2026-11");
        (whole.GetProperty("totalFlags").GetInt64(), whole.GetProperty("pageNumber").GetInt32(), whole.GetProperty("pageSize").GetInt32(),
            whole.GetProperty("totalPages").GetInt64()).Should().Be((4, 1, 50, 1));
        var departures = whole.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag").GetProperty("tripId").GetGuid()).ToList();
        departures.Should().StartWith(month.FirstTrip, "the first trip of the month left first");

        var firstLate = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/compliance?period=2026-11&kind=beyondApprovedWindow&pageSize=1");
        var secondLate = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/compliance?period=2026-11&kind=BeyondApprovedWindow&pageSize=1&page=2");
        foreach (var page in new[] { firstLate, secondLate })
        {
            (page.GetProperty("totalFlags").GetInt64(), page.GetProperty("totalPages").GetInt64()).Should().Be((2, 2));
            page.GetProperty("byKind").EnumerateObject().Should().HaveCount(3, "the counts are the period's, whichever kind is listed");
            page.GetProperty("flags").EnumerateArray().Should().ContainSingle().Which.GetProperty("flag").GetProperty("kind").GetString().Should().Be("beyondApprovedWindow");
        }

        var trips = new[] { firstLate, secondLate }.Select(p => p.GetProperty("flags")[0].GetProperty("flag").GetProperty("tripId").GetGuid()).ToList();
        trips.Should().OnlyHaveUniqueItems().And.HaveElementAt(0, month.FirstTrip);
        (await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/compliance?period=2026-11&pageSize=1&page=5")).GetProperty("flags").GetArrayLength()
            .Should().Be(0, "there are four flags");
        (await app.GetAs(FleetApp.Jiangan, Role.Supervisor, "/api/compliance?period=2026-10")).GetProperty("totalFlags").GetInt64().Should().Be(0);
    }

    [Theory]
    [InlineData(FleetApp.Jiangan, 1)]
    [InlineData(FleetApp.Jiangan, 3)]
    [InlineData(FleetApp.City, 2)]
    public async Task Pages_split_a_trip_with_several_flags_and_together_hold_every_flag_once(string reader, int pageSize)
    {
        static IEnumerable<string> Flags(JsonElement report) => report.GetProperty("flags").EnumerateArray()
            .Select(f => $"{f.GetProperty("flag").GetProperty("tripId").GetGuid()} {f.GetProperty("flag").GetProperty("kind").GetString()}");

        var whole = Flags(await app.GetAs(reader, Role.Supervisor, "/api/compliance?period=2026-11")).ToList();
        var paged = new List<string>();
        for (var page = 1; page <= (4 + pageSize - 1) / pageSize; page++)
        {
            var report = await app.GetAs(reader, Role.Supervisor, $"/api/compliance?period=2026-11&pageSize={pageSize}&page={page}");
            report.GetProperty("flags").GetArrayLength().Should().Be(Math.Min(pageSize, 4 - (page - 1) * pageSize));
            paged.AddRange(Flags(report));
        }

        whole.Should().HaveCount(4);
        paged.Should().Equal(whole);
    }

    [Theory]
    [InlineData("period=2026-11&kind=speeding", "compliance.kind_invalid")]
    [InlineData("period=2026-11&kind=3", "compliance.kind_invalid")]
    [InlineData("period=2026-11&pageSize=201", "paging.page_size_invalid")]
    [InlineData("period=2026-11&page=0", "paging.page_invalid")]
    [InlineData("period=2026-13", "report.period_invalid")]
    public async Task A_kind_page_or_period_that_does_not_exist_is_refused_with_what_to_write(string query, string code)
    {
        var problem = await app.GetAs(FleetApp.Jiangan, Role.Supervisor, $"/api/compliance?{query}", HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).Should().Contain(code);
    }
}
