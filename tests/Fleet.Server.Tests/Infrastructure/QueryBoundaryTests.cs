using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Testing;
using Marten;
using Marten.Events;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Infrastructure;

/// <summary>
/// Query values at the edges of what they can mean: page numbers whose offset overflows, pages past the end of a list,
/// and days, months, years and moments at the edges of the calendar. Each is a clear answer, never a server error.
/// </summary>
public sealed class QueryBoundaryTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;

    /// <summary>Every paged list, as a supervisor of 江岸 may read it, with the query it needs besides paging.</summary>
    public static TheoryData<string> Lists() => new()
    {
        "/api/trips?", "/api/vehicles?", "/api/drivers?", "/api/users?", "/api/organisations?", "/api/audit/events?", "/api/compliance?period=2026-11&",
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_page_or_page_size_out_of_its_range_is_refused_naming_the_field_and_the_range(string list)
    {
        foreach (var (query, field, code, range) in new[]
                 {
                     ("page=2147483647", "page", "paging.page_invalid", "1000000"),
                     ("page=1000001", "page", "paging.page_invalid", "1000000"),
                     ("page=1000001&pageSize=200", "page", "paging.page_invalid", "1000000"),
                     ("page=0", "page", "paging.page_invalid", "1000000"),
                     ("pageSize=2147483647", "pageSize", "paging.page_size_invalid", "200"),
                     ("pageSize=0", "pageSize", "paging.page_size_invalid", "200"),
                 })
        {
            var error = (await English($"{list}{query}", HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateArray().Single();
            (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()).Should().Be((field, code), query);
            error.GetProperty("message").GetString().Should().Contain(range, "the answer says which {0} is accepted", field);
        }
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_page_past_the_end_is_empty_and_keeps_the_lists_true_totals(string list)
    {
        await WriteSomeHistoryAsync();
        var (items, total) = list.StartsWith("/api/compliance", StringComparison.Ordinal) ? ("flags", "totalFlags") : ("items", "totalItems");
        var first = await app.GetAs(Pool, Role.Supervisor, $"{list}pageSize=2");
        var count = first.GetProperty(total).GetInt64();
        var pages = first.GetProperty("totalPages").GetInt64();
        if (!list.StartsWith("/api/compliance", StringComparison.Ordinal)) count.Should().BePositive("the list holds the history written above");

        foreach (var page in new[] { pages + 1, pages + 7, 1_000_000 })
        {
            var past = await app.GetAs(Pool, Role.Supervisor, $"{list}pageSize=2&page={page}");
            past.GetProperty(items).GetArrayLength().Should().Be(0);
            (past.GetProperty(total).GetInt64(), past.GetProperty("totalPages").GetInt64(), past.GetProperty("pageNumber").GetInt64())
                .Should().Be((count, pages, page), "page {0} of {1} lies past the end, which is no reason to forget how long the list is", page, list);
        }
    }

    /// <summary>Each query value that names a day, month, year or moment, with the rest of the query it needs.</summary>
    public static TheoryData<string, Role, string, string> Calendars() => new()
    {
        { "/api/compliance?period={0}", Role.Supervisor, "period", "" },
        { "/api/reports/figures?period={0}", Role.Supervisor, "period", "" },
        { "/api/reports/city?period={0}", Role.Supervisor, "period", "city" },
        { "/api/dispatch-board?day={0}", Role.Dispatcher, "day", "" },
        { "/api/logbook?vehicleId={vehicle}&month={0}", Role.Dispatcher, "month", "" },
        { "/api/audit/events?from={0}", Role.Supervisor, "from", "" },
        { "/api/audit/events?to={0}", Role.Supervisor, "to", "" },
        { "/api/availability?from={0}&to=2026-11-03T00:00:00Z", Role.Dispatcher, "from", "" },
        { "/api/availability?from=2026-11-02T00:00:00Z&to={0}", Role.Dispatcher, "to", "" },
        { "/api/audit/digests?from={0}", Role.Supervisor, "from", "" },
        { "/api/audit/digests?to={0}", Role.Supervisor, "to", "" },
    };

    [Theory]
    [MemberData(nameof(Calendars))]
    public async Task A_day_month_year_or_moment_beyond_the_calendar_is_refused_with_the_range_accepted(string template, Role role, string field, string who)
    {
        var vehicle = await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('Q'));
        var (moment, kind) = field is "from" or "to" && !template.Contains("digests", StringComparison.Ordinal)
            ? (true, "moment") : (false, template.Contains("period", StringComparison.Ordinal) ? "period" : field);
        var outside = kind switch
        {
            "moment" => new[] { "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-18:00", "0001-01-01T00:00:00Z", "0000-01-01T00:00:00+18:00",
                "1999-12-31T23:59:59Z", "2101-01-01T00:00:00Z" },
            "period" => new[] { "9999-12-31", "0000-01-01", "0001-01-01", "1999-12-31", "2101-01-01", "9999-12", "0000-01", "9999", "0000", "1999", "2101" },
            "month" => new[] { "9999-12", "0000-01", "0001-01", "1999-12", "2101-01" },
            _ => new[] { "9999-12-31", "0000-01-01", "0001-01-01", "1999-12-31", "2101-01-01" },
        };

        foreach (var value in outside)
        {
            var url = Url(template, value, vehicle);
            var problem = await Send(who, role, url, HttpStatusCode.BadRequest);
            var error = problem.GetProperty("errors").EnumerateArray().Single();
            (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()).Should().Be((field, "request.date_out_of_range"), url);
            error.GetProperty("message").GetString().Should().Contain("2000-01-01").And.Contain("2100-12-31", "the answer says which dates {0} may name", field);
        }

        var inside = kind switch
        {
            "moment" => field == "from" ? new[] { "2026-11-02T00:00:00Z" } : new[] { "2026-11-04T00:00:00Z" },
            "period" => new[] { "2000-01-01", "2100-12-31", "2000-01", "2100-12", "2000", "2100" },
            "month" => new[] { "2000-01", "2100-12" },
            _ => new[] { "2000-01-01", "2100-12-31" },
        };
        if (template.StartsWith("/api/audit/events", StringComparison.Ordinal)) inside = ["2000-01-01T00:00:00Z", "2100-12-31T23:59:59Z"];
        foreach (var value in inside) await Send(who, role, Url(template, value, vehicle), HttpStatusCode.OK);
    }

    private static string Url(string template, string value, Guid vehicle) =>
        template.Replace("{vehicle}", vehicle.ToString()).Replace("{0}", Uri.EscapeDataString(value));

    private Task<JsonElement> Send(string who, Role role, string url, HttpStatusCode expected) =>
        app.GetAs(who == "city" ? FleetApp.City : Pool, role, url, expected);

    private async Task<JsonElement> English(string url, HttpStatusCode expected)
    {
        var result = await app.ScenarioAs(Pool, Role.Supervisor, s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Accept-Language", "en");
            s.StatusCodeShouldBe(expected);
        });
        return await result.ReadAsJsonAsync<JsonElement>();
    }

    /// <summary>A car, a driver and a trip of 江岸, so that every list has something on it.</summary>
    private async Task WriteSomeHistoryAsync()
    {
        await app.RoadworthyVehicleAsync(Pool, TestPlates.Next('Q'));
        await app.DriverAsync(Pool, "边界");
        await app.RequestTripAsync(Pool, new TripBuilder().For("分页边界").Between("2026-11-20T09:00:00+08:00", "2026-11-20T11:00:00+08:00"));
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
    }
}
