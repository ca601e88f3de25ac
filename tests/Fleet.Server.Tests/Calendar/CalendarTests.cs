using System.Net;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Testing;
using FluentAssertions;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Calendar;

/// <summary>
/// The city's fleet administrators publish each year's holidays and make-up days, version by version; every pool reads the
/// same calendar, and a year nobody published is said to be unknown.
/// </summary>
public sealed class CalendarTests(FleetApp app) : IClassFixture<FleetApp>
{
    /// <summary>A year of its own for each test, so that each publishes version 1 of it: years are the city's, not a pool's.</summary>
    private static int _years = 2040;

    private static Dictionary<string, object?> FormOf(int year, int version) => new()
    {
        ["version"] = version,
        ["holidays"] = new[]
        {
            new Dictionary<string, object?> { ["name"] = "春节", ["from"] = $"{year}-02-15", ["to"] = $"{year}-02-21" },
            new Dictionary<string, object?> { ["name"] = "国庆节", ["from"] = $"{year}-10-01", ["to"] = $"{year}-10-07" },
        },
        ["makeUpDays"] = Array.Empty<string>(),
    };

    [Fact]
    public async Task The_citys_fleet_admin_publishes_a_year_every_pool_reads_it_and_a_correction_is_the_next_version()
    {
        var year = Interlocked.Increment(ref _years);
        (await app.GetAs(FleetApp.Jiangan, Role.Clerk, $"/api/calendar/{year}", HttpStatusCode.NotFound)).Code()
            .Should().Be("calendar.not_published", "a year nobody published is unknown, not a year without holidays");

        var published = await app.PostAs(FleetApp.City, Role.FleetAdmin, $"/api/calendar/{year}", FormOf(year, 1));
        published.GetProperty("version").GetInt32().Should().Be(1);

        var read = await app.GetAs(FleetApp.Jianghan, Role.Dispatcher, $"/api/calendar/{year}");
        read.GetProperty("holidays").EnumerateArray().Select(h => h.GetProperty("name").GetString()).Should().Equal("春节", "国庆节");

        var correction = FormOf(year, 2);
        correction["makeUpDays"] = new[] { WeekendAfterSpringFestival(year) };
        (await app.PostAs(FleetApp.City, Role.FleetAdmin, $"/api/calendar/{year}", correction)).GetProperty("version").GetInt32().Should().Be(2);
        (await app.GetAs(FleetApp.Jiangan, Role.Supervisor, $"/api/calendar/{year}")).GetProperty("makeUpDays").GetArrayLength().Should().Be(1);

        (await app.PostAs(FleetApp.City, Role.FleetAdmin, $"/api/calendar/{year}", FormOf(year, 2), HttpStatusCode.Conflict)).Code()
            .Should().Be("calendar.version_not_next", "a correction made from a stale version is refused");
    }

    [Fact]
    public async Task Bad_days_are_refused_with_their_fields_and_nothing_is_published()
    {
        var year = Interlocked.Increment(ref _years);
        var form = FormOf(year, 1);
        form["holidays"] = new[] { new Dictionary<string, object?> { ["name"] = "国庆节", ["from"] = $"{year}-10-07", ["to"] = $"{year}-10-01" } };
        form["makeUpDays"] = new[] { $"{year + 1}-01-02" };

        var refused = await app.PostAs(FleetApp.City, Role.FleetAdmin, $"/api/calendar/{year}", form, HttpStatusCode.BadRequest);

        refused.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString())
            .Should().BeEquivalentTo(["calendar.holiday_ends_before_start", "calendar.make_up_day_outside_year"]);
        await app.GetAs(FleetApp.Jiangan, Role.Clerk, $"/api/calendar/{year}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_the_citys_fleet_admins_publish_the_calendar()
    {
        var year = Interlocked.Increment(ref _years);

        (await app.PostAs(FleetApp.Jiangan, Role.FleetAdmin, $"/api/calendar/{year}", FormOf(year, 1), HttpStatusCode.Forbidden)).Code()
            .Should().Be("calendar.city_only", "a district keeps no calendar of its own");
        foreach (var role in new[] { Role.Supervisor, Role.Dispatcher, Role.Clerk, Role.Approver, Role.Driver })
            await app.PostAs(FleetApp.City, role, $"/api/calendar/{year}", FormOf(year, 1), HttpStatusCode.Forbidden);
        await app.GetAs(FleetApp.Jiangan, Role.Clerk, $"/api/calendar/{year}", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("1999")]
    [InlineData("2101")]
    [InlineData("-5")]
    [InlineData("2147483647")]
    public async Task A_year_outside_the_kept_years_is_refused_naming_them(string year)
    {
        var refused = await app.GetAs(FleetApp.Jiangan, Role.Clerk, $"/api/calendar/{year}", HttpStatusCode.BadRequest);
        var error = refused.GetProperty("errors").EnumerateArray().Single();
        (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()).Should().Be(("year", "calendar.year_out_of_range"));
        error.GetProperty("message").GetString().Should().Contain("2000").And.Contain("2100");

        (await app.PostAs(FleetApp.City, Role.FleetAdmin, $"/api/calendar/{year}", FormOf(2030, 1), HttpStatusCode.BadRequest)).GetProperty("errors")
            .EnumerateArray().Select(e => e.GetProperty("code").GetString()).Should().Contain("calendar.year_out_of_range");
    }

    [Theory]
    [InlineData("twenty")]
    [InlineData("2026.5")]
    [InlineData("99999999999")]
    public async Task A_year_that_is_no_number_names_no_calendar(string year) =>
        (await app.GetAs(FleetApp.Jiangan, Role.Clerk, $"/api/calendar/{year}", HttpStatusCode.NotFound)).Code().Should().NotBeNullOrEmpty();

    [Fact]
    public async Task The_policy_asks_the_calendar_a_holiday_waits_for_the_unit_head_a_make_up_saturday_does_not_an_unknown_year_is_not_guessed()
    {
        // 2070, a year of this test alone: 国庆节 from Wednesday 1 to Tuesday 7 October, Saturday 11 October worked in exchange.
        const int year = 2070;
        var form = FormOf(year, 1);
        form["makeUpDays"] = new[] { $"{year}-10-11" };
        await app.PostAs(FleetApp.City, Role.FleetAdmin, $"/api/calendar/{year}", form);

        var holiday = await app.RequestTripAsync(FleetApp.Jiangan, new TripBuilder().For("节日值守检查").On(new LocalDate(year, 10, 1), 9, 11));
        holiday.Status.Should().Be("requested");
        holiday.Requested.GetProperty("levelsRequired").GetInt32().Should().Be(1);
        (await holiday.EventsAsync()).OfType<TripApprovalRequired>().Single().Reasons.Should().Equal(PolicyReasons.PublicHoliday);

        var makeUp = await app.RequestTripAsync(FleetApp.Jiangan, new TripBuilder().For("调休日会议").On(new LocalDate(year, 10, 11), 9, 11));
        makeUp.Status.Should().Be("approved", "a Saturday made a working day is a workday");

        var sunday = await app.RequestTripAsync(FleetApp.Jiangan, new TripBuilder().For("周日检查").On(new LocalDate(year, 10, 12), 9, 11));
        (await sunday.EventsAsync()).OfType<TripApprovalRequired>().Single().Reasons.Should().Equal(PolicyReasons.NotAWorkday);

        // A Friday of a year nobody published: by the day of the week a workday, but the city has not said so.
        var unknown = await app.RequestTripAsync(FleetApp.Jiangan,
            new TripBuilder().For("未发布日历年份").On(new LocalDate(TestCalendars.FirstUnknownYear + 10, 3, 6), 9, 11));
        unknown.Status.Should().Be("requested");
        (await unknown.EventsAsync()).OfType<TripApprovalRequired>().Single().Reasons.Should().Equal(PolicyReasons.CalendarUnknown);
    }

    private static string WeekendAfterSpringFestival(int year)
    {
        var day = new LocalDate(year, 2, 24);
        while (day.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)) day = day.PlusDays(1);
        return day.ToString("uuuu-MM-dd", null);
    }
}
