using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Testing;
using FluentAssertions;
using Xunit;

namespace Fleet.Server.Tests.Reports;

/// <summary>
/// November 2026 in 江岸, computed by hand from the logbook month: one car, two trips of 2.5 hours each
/// (08:50–11:20), 46.5 + 21.2 km, 6.5 litres, 62.30 + 15.00 yuan, one rating of five stars, one dispute.
/// </summary>
public class FiguresTests(LogbookMonth month) : IClassFixture<LogbookMonth>
{
    private const string Pool = FleetApp.Jiangan;
    private readonly FleetApp app = month.App;

    [Fact]
    public async Task The_pools_month_adds_up_from_the_logbook()
    {
        var report = await app.GetAs(Pool, Role.Supervisor, "/api/reports/figures?period=2026-11");

        var car = report.GetProperty("vehicles").EnumerateArray().Single();
        car.GetProperty("plate").GetString().Should().Be("鄂A·G0001");
        car.GetProperty("trips").GetInt32().Should().Be(2);
        car.GetProperty("hoursInUse").GetDecimal().Should().Be(5.0m);
        car.GetProperty("availableHours").GetDecimal().Should().Be(720m, "30 days of 24 hours, none in the workshop");
        car.GetProperty("utilization").GetDecimal().Should().Be(0.0069m);
        car.GetProperty("distanceKm").GetDecimal().Should().Be(67.7m);
        car.GetProperty("idleDays").GetInt32().Should().Be(28);
        car.GetProperty("fuelLitres").GetDecimal().Should().Be(6.5m);
        car.GetProperty("fuelLitresPer100Km").GetDecimal().Should().Be(9.60m);
        car.GetProperty("cost").GetDecimal().Should().Be(77.30m);
        car.GetProperty("costPer100Km").GetDecimal().Should().Be(114.18m);

        var unit = report.GetProperty("units").EnumerateArray().Single();
        (unit.GetProperty("trips").GetInt32(), unit.GetProperty("distanceKm").GetDecimal(), unit.GetProperty("cost").GetDecimal())
            .Should().Be((2, 67.7m, 77.30m));

        var driver = report.GetProperty("drivers").EnumerateArray().Single();
        driver.GetProperty("name").GetString().Should().Be("刘志强");
        driver.GetProperty("average").GetDecimal().Should().Be(5m);
        driver.GetProperty("comments").EnumerateArray().Select(c => c.GetString()).Should().Equal("准时");

        var totals = report.GetProperty("totals");
        (totals.GetProperty("trips").GetInt32(), totals.GetProperty("disputes").GetInt32(), totals.GetProperty("ratings").GetInt32()).Should().Be((2, 1, 1));

        var december = await app.GetAs(Pool, Role.FleetAdmin, "/api/reports/figures?period=2026-12");
        december.GetProperty("totals").GetProperty("trips").GetInt32().Should().Be(1);
        december.GetProperty("totals").GetProperty("distanceKm").GetDecimal().Should().Be(68.8m);
    }

    [Theory]
    [InlineData("2026-11-03", 1, 2.5, 24, 0, 46.5)] // Tuesday: out once, the whole day counted as used
    [InlineData("2026", 3, 7.5, 8760, 362, 136.5)] // the year: 365 days, three of them with a trip
    public async Task A_day_and_a_year_add_up_the_same_way(string period, int trips, decimal hours, decimal available, int idleDays, decimal km)
    {
        var car = (await app.GetAs(Pool, Role.Supervisor, $"/api/reports/figures?period={period}")).GetProperty("vehicles").EnumerateArray().Single();

        (car.GetProperty("trips").GetInt32(), car.GetProperty("hoursInUse").GetDecimal(), car.GetProperty("availableHours").GetDecimal(),
            car.GetProperty("idleDays").GetInt32(), car.GetProperty("distanceKm").GetDecimal()).Should().Be((trips, hours, available, idleDays, km));
        (await app.GetAs(Pool, Role.Supervisor, "/api/reports/figures?period=2026-13", HttpStatusCode.BadRequest)).GetProperty("errors")[0]
            .GetProperty("code").GetString().Should().Be("report.period_invalid");
    }

    [Fact]
    public async Task The_city_sees_every_pool_side_by_side_and_only_the_city()
    {
        var overview = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/reports/city?period=2026-11");

        var pools = overview.GetProperty("pools").EnumerateArray().ToDictionary(p => p.GetProperty("pool").GetString()!, p => p.GetProperty("trips").GetInt32());
        pools.Should().Equal(new Dictionary<string, int> { [FleetApp.CityPool] = 0, [FleetApp.JianganPool] = 2, [FleetApp.JianghanPool] = 0 });
        overview.GetProperty("city").GetProperty("distanceKm").GetDecimal().Should().Be(67.7m);

        (await app.GetAs(Pool, Role.Supervisor, "/api/reports/city?period=2026-11", HttpStatusCode.Forbidden)).Code().Should().Be("report.city_only");
        await app.GetAs(Pool, Role.Clerk, "/api/reports/figures?period=2026-11", HttpStatusCode.Forbidden);
        (await app.GetAs(Pool, Role.Supervisor, "/api/reports/figures", HttpStatusCode.BadRequest)).GetProperty("errors")[0].GetProperty("code")
            .GetString().Should().Be("validation.required");
    }
}
