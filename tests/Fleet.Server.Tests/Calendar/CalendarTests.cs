using System.Net;
using Fleet.Domain.People;
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

    private static string WeekendAfterSpringFestival(int year)
    {
        var day = new LocalDate(year, 2, 24);
        while (day.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)) day = day.PlusDays(1);
        return day.ToString("uuuu-MM-dd", null);
    }
}
