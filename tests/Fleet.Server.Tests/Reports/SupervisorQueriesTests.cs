using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Alba;
using Fleet.Testing;
using Marten;
using Marten.Events;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Reports;

/// <summary>
/// What the supervisors' pages ask of the logbook month (<see cref="LogbookMonth"/>): utilization against the working
/// hours of the default policy (Monday to Friday, 08:30–17:30), the compliance flags filtered and searched in the
/// database, each rating with its comment, and the logbook download named for its car and month.
/// </summary>
public sealed class SupervisorQueriesTests(LogbookMonth month) : IClassFixture<LogbookMonth>
{
    private const string Pool = FleetApp.Jiangan;
    private readonly FleetApp app = month.App;

    /// <summary>
    /// November 2026 begins on a Sunday: 30 days less 5 Sundays and 4 Saturdays is 21 working days of 9 hours, 189 hours
    /// for the one car; it was out 5 hours, 5 ÷ 189 = 0.0265. The year 2026 begins on a Thursday: 52 weeks and a Thursday
    /// are 261 weekdays; the demo city's calendar (the State Council's) takes out the 19 holidays that fall on weekdays and
    /// adds its 6 make-up Saturdays and Sundays: 248 working days, 2,232 hours; out 7.5 hours, 0.0034. 3 November is a
    /// Tuesday, 1 November a Sunday.
    /// </summary>
    [Theory]
    [InlineData("2026-11", 21, 189, 5.0, 0.0265)]
    [InlineData("2026", 248, 2232, 7.5, 0.0034)]
    [InlineData("2026-11-03", 1, 9, 2.5, 0.2778)]
    [InlineData("2026-11-01", 0, 0, 0, 0)]
    public async Task Utilization_is_hours_out_against_the_cars_working_hours_of_the_period(string period, int days, decimal working, decimal hours,
        decimal utilization)
    {
        var report = await app.GetAs(Pool, Role.Supervisor, $"/api/reports/figures?period={period}");

        var totals = report.GetProperty("totals");
        (totals.GetProperty("vehicles").GetInt32(), totals.GetProperty("workingDays").GetInt32(), totals.GetProperty("workdayHours").GetDecimal())
            .Should().Be((1, days, 9m));
        (totals.GetProperty("workingHours").GetDecimal(), totals.GetProperty("hoursInUse").GetDecimal(), totals.GetProperty("workingHoursUtilization").GetDecimal())
            .Should().Be((working, hours, utilization));
        report.GetProperty("vehicles")[0].GetProperty("workingHoursUtilization").GetDecimal().Should().Be(utilization, "the pool has one car");
        totals.GetProperty("daysWithoutCalendar").GetInt32().Should().Be(0, "2026 has its calendar");
    }

    /// <summary>
    /// A year nobody published (the test world publishes up to 2037): its days are counted by the policy's days of the week
    /// and the report says how many were, rather than presenting the figure as sound. March 2040 has 22 weekdays.
    /// </summary>
    [Fact]
    public async Task A_period_in_a_year_without_a_calendar_is_counted_by_the_week_and_says_so()
    {
        var totals = (await app.GetAs(Pool, Role.Supervisor, $"/api/reports/figures?period={TestCalendars.FirstUnknownYear + 2}-03")).GetProperty("totals");

        (totals.GetProperty("workingDays").GetInt32(), totals.GetProperty("daysWithoutCalendar").GetInt32()).Should().Be((22, 31));
    }

    [Fact]
    public async Task The_city_adds_up_the_working_hours_of_its_pools()
    {
        var city = (await app.GetAs(FleetApp.City, Role.Supervisor, "/api/reports/city?period=2026-11")).GetProperty("city");
        var cars = city.GetProperty("vehicles").GetInt32();
        city.GetProperty("workingHours").GetDecimal().Should().Be(cars * 189m, "every pool works under the default policy");
        city.GetProperty("workingHoursUtilization").GetDecimal().Should().Be(Math.Round(5m / (cars * 189m), 4));
    }

    private static List<string> Flags(JsonElement report) => report.GetProperty("flags").EnumerateArray()
        .Select(f => $"{f.GetProperty("flag").GetProperty("orderNumber").GetString()} {f.GetProperty("flag").GetProperty("kind").GetString()}").ToList();

    [Fact]
    public async Task Flags_are_searched_by_order_number_or_plate_and_filtered_by_unit_district_and_days()
    {
        var second = await app.GetAs(Pool, Role.Supervisor, "/api/compliance?period=2026-11&search=00002");
        Flags(second).Should().BeEquivalentTo("420102-2026-00002 beyondApprovedWindow", "420102-2026-00002 odometerGap", "420102-2026-00002 disputedByRequester");
        second.GetProperty("totalFlags").GetInt64().Should().Be(3);
        second.GetProperty("byKind").EnumerateObject().Sum(k => k.Value.GetInt32()).Should().Be(3, "the counts are of the flags searched for");

        Flags(await app.GetAs(Pool, Role.Supervisor, "/api/compliance?period=2026-11&search=g0001")).Should().HaveCount(4, "the plate, in any case");
        Flags(await app.GetAs(Pool, Role.Supervisor, $"/api/compliance?period=2026-11&search={Uri.EscapeDataString("鄂a·g0001")}"))
            .Should().HaveCount(4, "the plate with its province and its dot");
        Flags(await app.GetAs(Pool, Role.Supervisor, $"/api/compliance?period=2026-11&search={Uri.EscapeDataString("鄂B")}")).Should().BeEmpty("another province");
        Flags(await app.GetAs(Pool, Role.Supervisor, "/api/compliance?period=2026-11&search=%25")).Should().BeEmpty("a % is searched for as itself");

        var unit = (await app.GetAs(Pool, Role.Supervisor, $"/api/logbook?vehicleId={month.Vehicle}&month=2026-11")).GetProperty("lines")[0]
            .GetProperty("entry").GetProperty("unitCode").GetString();
        Flags(await app.GetAs(Pool, Role.Supervisor, $"/api/compliance?period=2026-11&unit={unit}")).Should().HaveCount(4);
        Flags(await app.GetAs(Pool, Role.Supervisor, "/api/compliance?period=2026-11&unit=ja9999")).Should().BeEmpty();

        Flags(await app.GetAs(Pool, Role.Supervisor, "/api/compliance?from=2026-11-03&to=2026-11-03")).Should().Equal("420102-2026-00001 beyondApprovedWindow");
        Flags(await app.GetAs(Pool, Role.Supervisor, "/api/compliance?from=2026-11-04&to=2026-11-30&kind=odometerGap")).Should().Equal("420102-2026-00002 odometerGap");

        Flags(await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/compliance?period=2026-11&pool={FleetApp.JianganPool}")).Should().HaveCount(4);
        Flags(await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/compliance?period=2026-11&pool={FleetApp.JianghanPool}")).Should().BeEmpty();
        Flags(await app.GetAs(FleetApp.Jianghan, Role.Supervisor, $"/api/compliance?period=2026-11&pool={FleetApp.JianganPool}")).Should()
            .BeEmpty("a district supervisor asking for another district sees nothing of it");
    }

    [Fact]
    public async Task Filtered_flags_come_a_page_at_a_time_and_together_hold_each_once()
    {
        var first = await app.GetAs(Pool, Role.Supervisor, "/api/compliance?period=2026-11&search=G0001&pageSize=3");
        var last = await app.GetAs(Pool, Role.Supervisor, "/api/compliance?period=2026-11&search=G0001&pageSize=3&page=2");
        (first.GetProperty("totalFlags").GetInt64(), first.GetProperty("totalPages").GetInt64()).Should().Be((4, 2));
        Flags(first).Should().HaveCount(3);
        Flags(first).Concat(Flags(last)).Should().OnlyHaveUniqueItems().And.HaveCount(4);
    }

    [Theory]
    [InlineData("from=2026-11-05&to=2026-11-03", "to", "compliance.range_invalid")]
    [InlineData("period=2026-11&from=2026-11-01&to=2026-11-03", "period", "compliance.period_and_days")]
    [InlineData("from=2026-11-01", "to", "validation.required")]
    [InlineData("from=1.11.2026&to=2026-11-03", "from", "compliance.day_invalid")]
    public async Task Days_that_make_no_range_are_refused_naming_the_field(string query, string field, string code)
    {
        var error = (await app.GetAs(Pool, Role.Supervisor, $"/api/compliance?{query}", HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateArray()
            .Single(e => e.GetProperty("field").GetString() == field);
        error.GetProperty("code").GetString().Should().Be(code);
    }

    [Fact]
    public async Task Each_rating_is_listed_with_its_comment_latest_trips_first_and_the_low_ones_on_their_own()
    {
        var december = (await app.GetAs(Pool, Role.Supervisor, $"/api/logbook?vehicleId={month.Vehicle}&month=2026-12")).GetProperty("lines")[0]
            .GetProperty("entry").GetProperty("id").GetGuid();
        await app.PostAs(Pool, Role.Clerk, $"/api/trips/{december}/confirm", new { stars = 2, comment = "司机迟到二十分钟" });
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var year = await app.GetAs(Pool, Role.Supervisor, "/api/reports/ratings?period=2026");
        var ratings = year.GetProperty("ratings").EnumerateArray().ToList();
        ratings.Select(r => (r.GetProperty("tripId").GetGuid(), r.GetProperty("stars").GetInt32(), r.GetProperty("comment").GetString()))
            .Should().Equal((december, 2, "司机迟到二十分钟"), (month.FirstTrip, 5, "准时"));
        ratings[0].GetProperty("unitName").GetString().Should().Be("江岸区政府办公室");
        ratings[0].GetProperty("plate").GetString().Should().Be("鄂A·G0001");
        (year.GetProperty("totalRatings").GetInt64(), year.GetProperty("lowRatings").GetInt64()).Should().Be((2, 1));

        var low = await app.GetAs(Pool, Role.Supervisor, "/api/reports/ratings?period=2026&low=true");
        low.GetProperty("ratings").EnumerateArray().Select(r => r.GetProperty("tripId").GetGuid()).Should().Equal(december);
        var paged = await app.GetAs(Pool, Role.Supervisor, "/api/reports/ratings?period=2026&pageSize=1&page=2");
        paged.GetProperty("ratings").EnumerateArray().Single().GetProperty("tripId").GetGuid().Should().Be(month.FirstTrip);
        paged.GetProperty("totalPages").GetInt64().Should().Be(2);

        (await app.GetAs(Pool, Role.Supervisor, "/api/reports/ratings?period=2026-11")).GetProperty("lowRatings").GetInt64().Should().Be(0);
        await app.GetAs(Pool, Role.Clerk, "/api/reports/ratings?period=2026", HttpStatusCode.Forbidden);
        await app.GetAs(Pool, Role.Supervisor, "/api/reports/ratings", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_logbook_download_is_named_for_its_car_and_month()
    {
        var result = await app.ScenarioAs(Pool, Role.Dispatcher, s =>
        {
            s.Get.Url($"/api/logbook/csv?vehicleId={month.Vehicle}&month=2026-11");
            s.StatusCodeShouldBeOk();
        });
        var disposition = System.Net.Http.Headers.ContentDispositionHeaderValue.Parse(result.Context.Response.Headers.ContentDisposition.ToString());
        (disposition.FileNameStar ?? disposition.FileName).Should().Be("logbook-鄂A·G0001-2026-11.csv");
    }
}
