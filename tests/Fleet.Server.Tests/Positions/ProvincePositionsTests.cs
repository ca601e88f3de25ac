using Fleet.Domain.Positions;
using Fleet.Jt808.Messages;
using Fleet.Jt808.Session;
using Fleet.Server.Positions.Intake;
using Fleet.Server.Positions.Store;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Positions;

/// <summary>
/// One gateway for a province (ADR 025): a terminal's reports are kept in the database of the city whose car carries it,
/// and its authentication code too, found from the terminal's binding in whichever city it is.
/// </summary>
public sealed class ProvincePositionsTests(ProvincePositionsTests.Fleet app) : IClassFixture<ProvincePositionsTests.Fleet>
{
    public sealed class Fleet : ProvinceFleet
    {
        // The gateway on, on a free loopback port: its terminal directory is what a terminal's registration asks.
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Fleet:Positions:Gateway:Port"] = "0",
            ["Fleet:Positions:Gateway:Host"] = "127.0.0.1",
        };

        protected override bool SetsUpCities => true;
    }

    private static readonly TerminalRegistration Registration = new(42, 100, "FLEET", "BD-2019", "T000001", 1, "鄂M·G0001");

    private async Task<(Guid Car, string Terminal)> CarWithTerminalAsync(string admin)
    {
        var car = await CarAsync(admin);
        var terminal = TerminalBindingTests.NextTerminal();
        await app.PostAsync(admin, $"/api/vehicles/{car}/terminal", new { terminal }, System.Net.HttpStatusCode.OK);
        return (car, "0" + terminal);
    }

    private async Task<Guid> CarAsync(string admin) =>
        (await app.PostAsync(admin, "/api/vehicles",
            new { plate = TestPlates.Next('M'), category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" })).GetProperty("vehicleId").GetGuid();

    private static List<Position> Drive(string terminal, Instant from, int count) =>
        Enumerable.Range(0, count).Select(i => new Position(terminal, from + Duration.FromSeconds(10 * i), from + Duration.FromSeconds(10 * i + 2),
            30_364_000 + i * 50, 113_450_000 + i * 40, 20, 400, 45, Alarm: 0, Status: 0x8000_0003u, Mileage: 1_000 + i, Fuel: null)).ToList();

    private static Task<long> StoredAsync(string database, Guid car) =>
        ProvinceFleet.ScalarAsync<long>(database, $"select count(*) from public.fleet_positions where vehicle = '{car}'");

    [Fact]
    public async Task A_batch_of_two_cities_cars_is_kept_each_in_its_citys_database_and_read_back_there()
    {
        var xiantao = await CarWithTerminalAsync("xt-admin");
        var wuhan = await CarWithTerminalAsync("wh-admin");
        var from = FleetApp.Start - Duration.FromHours(1);

        var report = await app.Host.Services.GetRequiredService<IPositionIntake>()
            .TakeAsync([.. Drive(xiantao.Terminal, from, 12), .. Drive(wuhan.Terminal, from, 8)], default);

        report.Stored.Should().Be(20);
        report.Refused.Should().BeEmpty();
        (await StoredAsync(app.XiangyangAndXiantaoDatabase, xiantao.Car)).Should().Be(12);
        (await StoredAsync(app.WuhanDatabase, wuhan.Car)).Should().Be(8);
        (await StoredAsync(app.WuhanDatabase, xiantao.Car)).Should().Be(0);

        var reader = app.Host.Services.GetRequiredService<PositionReader>();
        (await reader.TrackAsync(ProvinceFleet.Xiantao, xiantao.Car, new Interval(from, FleetApp.Start), default)).Should().HaveCount(12);
        (await reader.LatestAsync("420100", [wuhan.Car], from, default)).Should().ContainKey(wuhan.Car);
    }

    [Fact]
    public async Task A_terminal_registers_and_authenticates_with_the_code_kept_in_its_citys_database()
    {
        var (_, terminal) = await CarWithTerminalAsync("xt-admin");
        var directory = app.Host.Services.GetRequiredService<ITerminalDirectory>();

        var registered = await directory.RegisterAsync(terminal, Registration, default);

        registered.Result.Should().Be(RegistrationResult.Registered);
        (await ProvinceFleet.ScalarAsync<long>(app.XiangyangAndXiantaoDatabase, $"select count(*) from public.fleet_terminal_codes where terminal like '%{terminal.TrimStart('0')}'"))
            .Should().Be(1);
        (await directory.AuthenticateAsync(terminal, registered.AuthenticationCode!, default)).Should().BeTrue();
        (await directory.AuthenticateAsync(terminal, "WRONGCODE0000000", default)).Should().BeFalse();
        (await directory.RegisterAsync("013900000001", Registration, default)).Result.Should().Be(RegistrationResult.NoSuchTerminal);
    }

    [Fact]
    public async Task A_terminal_on_a_car_of_another_city_is_not_bound_again_and_that_car_is_named_by_its_city_only()
    {
        var wuhan = await CarWithTerminalAsync("wh-admin");
        var xiantao = await CarWithTerminalAsync("xt-admin");
        var xiangyangCar = await CarAsync("xy-admin");

        foreach (var (terminal, city) in new[] { (wuhan.Terminal, "武汉市"), (xiantao.Terminal, "仙桃市") })
        {
            // 仙桃's cars share 襄阳's database; 武汉's are in another one: either way the car is another city's.
            var refused = await app.PostAsync("xy-admin", $"/api/vehicles/{xiangyangCar}/terminal", new { terminal }, System.Net.HttpStatusCode.Conflict);
            refused.GetProperty("code").GetString().Should().Be("terminal.bound_in_another_city");
            refused.GetProperty("detail").GetString().Should().Contain(city).And.NotContain("鄂M", "another city's plates are its own");
        }
    }

    [Fact]
    public async Task A_terminal_bound_in_two_citys_databases_reports_for_neither_car_until_one_unbinds_it()
    {
        // As if 襄阳's database had not answered when 武汉 bound the terminal, and 襄阳 had bound it before.
        var wuhan = await CarWithTerminalAsync("wh-admin");
        var xiangyangCar = await CarAsync("xy-admin");
        await using (var session = app.Store.LightweightSession(ProvinceFleet.Xiangyang))
        {
            session.Events.Append(xiangyangCar, new TerminalBound(xiangyangCar, wuhan.Terminal, null, null, Guid.Empty, FleetApp.Start));
            await session.SaveChangesAsync();
        }

        var report = await app.Host.Services.GetRequiredService<IPositionIntake>().TakeAsync(Drive(wuhan.Terminal, FleetApp.Start - Duration.FromHours(1), 3), default);
        report.Stored.Should().Be(0, "neither car is known to be the one that carries it");
        report.Refused.Should().HaveCount(3).And.OnlyContain(r => r.Reason == PositionRefusal.UnknownTerminal);
        (await app.Host.Services.GetRequiredService<ITerminalDirectory>().RegisterAsync(wuhan.Terminal, Registration, default)).Result
            .Should().Be(RegistrationResult.NoSuchTerminal);

        await app.PostAsync("xy-admin", $"/api/vehicles/{xiangyangCar}/terminal/unbind", new { reason = "装错车辆" }, System.Net.HttpStatusCode.OK);
        (await app.Host.Services.GetRequiredService<IPositionIntake>().TakeAsync(Drive(wuhan.Terminal, FleetApp.Start - Duration.FromMinutes(30), 3), default))
            .Stored.Should().Be(3, "once one city unbinds it, the terminal reports for the other's car again");
    }
}
