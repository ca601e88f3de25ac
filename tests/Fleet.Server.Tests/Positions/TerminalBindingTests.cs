using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Fleet.Projections.Terminals;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Xunit;

namespace Fleet.Server.Tests.Positions;

/// <summary>A fleet admin fits, swaps and takes off a car's terminal through the API; the registry follows at once.</summary>
public sealed class TerminalBindingTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Admin = FleetApp.Jiangan;

    private static int _next;

    /// <summary>A terminal number no other test uses: eleven digits as printed on a label.</summary>
    public static string NextTerminal() => $"139{Interlocked.Increment(ref _next) + Environment.ProcessId % 1000 * 10000:D8}";

    private async Task<Guid> VehicleAsync(string pool = Admin)
    {
        var created = await app.PostAs(pool, Role.FleetAdmin, "/api/vehicles",
            new { plate = TestPlates.Next('T'), category = "GeneralOfficial", @class = "Sedan", seats = 5, energyType = "Gasoline" }, HttpStatusCode.Created);
        return created.GetProperty("vehicleId").GetGuid();
    }

    private Task<JsonElement> Post(Guid vehicle, string action, object body, HttpStatusCode expected = HttpStatusCode.OK, string pool = Admin) =>
        app.PostAs(pool, Role.FleetAdmin, $"/api/vehicles/{vehicle}/{action}", body, expected);

    private async Task<TerminalRegistration?> RegistrationAsync(string terminal)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<TerminalRegistration>().FirstOrDefaultAsync(r => r.AnyTenant() && r.Terminal == terminal);
    }

    [Fact]
    public async Task A_terminal_is_bound_replaced_and_unbound_and_the_registry_follows_each_step()
    {
        var car = await VehicleAsync();
        var first = NextTerminal();
        var second = NextTerminal();

        var bound = await Post(car, "terminal", new { terminal = first, imei = "861234567890123", model = "R-Watch C6D" });
        bound.GetProperty("terminal").GetProperty("number").GetString().Should().Be("0" + first, "kept in the protocol's twelve digits");
        (await RegistrationAsync("0" + first)).Should().BeEquivalentTo(new { Id = car, Pool = FleetApp.JianganPool });

        var replaced = await Post(car, "terminal/replace", new { terminal = second, reason = "终端损坏" });
        replaced.GetProperty("terminal").GetProperty("number").GetString().Should().Be("0" + second);
        (await RegistrationAsync("0" + first)).Should().BeNull("the old terminal reports for no car");
        (await RegistrationAsync("0" + second))!.Id.Should().Be(car);

        var unbound = await Post(car, "terminal/unbind", new { reason = "车辆送修拆除" });
        unbound.GetProperty("terminal").ValueKind.Should().Be(JsonValueKind.Null);
        (await RegistrationAsync("0" + second)).Should().BeNull();

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        (await session.Events.FetchStreamAsync(car)).Select(e => e.EventTypeName).Should().Equal(
            "vehicle_registered", "terminal_bound", "terminal_replaced", "terminal_unbound");
    }

    [Fact]
    public async Task A_terminal_on_one_car_is_refused_for_another_even_in_another_pool()
    {
        var terminal = NextTerminal();
        var car = await VehicleAsync();
        await Post(car, "terminal", new { terminal });

        var other = await VehicleAsync(FleetApp.Jianghan);
        var refused = await Post(other, "terminal", new { terminal = "0" + terminal }, HttpStatusCode.Conflict, FleetApp.Jianghan);
        refused.Code().Should().Be("terminal.already_bound");

        var second = await VehicleAsync();
        await Post(second, "terminal", new { terminal = NextTerminal() });
        (await Post(second, "terminal/replace", new { terminal, reason = "换装" }, HttpStatusCode.Conflict)).Code().Should().Be("terminal.already_bound");
        (await Post(car, "terminal", new { terminal = NextTerminal() }, HttpStatusCode.Conflict)).Code().Should().Be("terminal.vehicle_has_one");
    }

    [Fact]
    public async Task Bad_input_and_wrong_states_are_problems()
    {
        var car = await VehicleAsync();

        (await Post(car, "terminal", new { terminal = "12345" }, HttpStatusCode.BadRequest)).Code().Should().Be("terminal.number_invalid");
        (await Post(car, "terminal", new { }, HttpStatusCode.BadRequest)).Code().Should().Be("validation.required");
        (await Post(car, "terminal", new { terminal = NextTerminal(), imei = "86123" }, HttpStatusCode.BadRequest)).Code().Should().Be("terminal.imei_invalid");
        (await Post(car, "terminal/unbind", new { reason = "拆除" }, HttpStatusCode.Conflict)).Code().Should().Be("terminal.not_bound");
        (await Post(car, "terminal/replace", new { terminal = NextTerminal(), reason = "换装" }, HttpStatusCode.Conflict)).Code().Should().Be("terminal.not_bound");
        (await Post(Guid.NewGuid(), "terminal", new { terminal = NextTerminal() }, HttpStatusCode.NotFound)).Code().Should().Be("vehicle.not_found");

        var terminal = NextTerminal();
        await Post(car, "terminal", new { terminal });
        (await Post(car, "terminal/unbind", new { }, HttpStatusCode.BadRequest)).Code().Should().Be("validation.required");
        (await Post(car, "terminal/replace", new { terminal, reason = "换装" }, HttpStatusCode.BadRequest)).Code().Should().Be("terminal.same_terminal");
        (await Post(car, "dispose", new { method = "Scrapped" }, HttpStatusCode.Conflict)).Code().Should().Be("vehicle.terminal_bound");
        (await Post(car, "transfer", new { toPool = FleetApp.JianghanPool, reason = "区间调剂" }, HttpStatusCode.Conflict)).Code()
            .Should().Be("vehicle.terminal_bound");

        var retired = await VehicleAsync();
        await Post(retired, "retire", new { reason = "超过使用年限" });
        (await Post(retired, "terminal", new { terminal = NextTerminal() }, HttpStatusCode.Conflict)).Code().Should().Be("terminal.vehicle_retired");
    }

    [Fact]
    public async Task Another_pool_cannot_touch_the_cars_terminal()
    {
        var car = await VehicleAsync();
        await Post(car, "terminal", new { terminal = NextTerminal() }, pool: Admin);

        (await Post(car, "terminal/unbind", new { reason = "拆除" }, HttpStatusCode.NotFound, FleetApp.Jianghan)).Code().Should().Be("vehicle.not_found");
        await app.PostAs(Admin, Role.Dispatcher, $"/api/vehicles/{car}/terminal/unbind", new { reason = "拆除" }, HttpStatusCode.Forbidden);
    }

    /// <summary>Admins of two pools binding one terminal at the same moment: the unique registry lets one of them win.</summary>
    [Fact]
    public async Task One_terminal_bound_to_many_cars_at_once_is_bound_to_one()
    {
        for (var round = 0; round < 3; round++)
        {
            var terminal = NextTerminal();
            var cars = new List<(Guid Car, string Pool)>();
            for (var i = 0; i < 6; i++)
            {
                var pool = i % 2 == 0 ? Admin : FleetApp.Jianghan;
                cars.Add((await VehicleAsync(pool), pool));
            }

            var answers = await Task.WhenAll(cars.Select(async c =>
            {
                var result = await app.ScenarioAs(c.Pool, Role.FleetAdmin, s =>
                {
                    s.Post.Json(new { terminal }).ToUrl($"/api/vehicles/{c.Car}/terminal");
                    s.IgnoreStatusCode();
                });
                return (Status: result.Context.Response.StatusCode, Body: await result.ReadAsJsonAsync<JsonElement>());
            }));

            answers.Count(a => a.Status == 200).Should().Be(1, "round {0}: one car gets the terminal", round);
            answers.Where(a => a.Status != 200).Select(a => (a.Status, a.Body.Code()))
                .Should().OnlyContain(a => a.Status == 409 && (a.Item2 == "terminal.already_bound" || a.Item2 == "terminal.bound_concurrently"));
            await using var session = app.Store.QuerySession();
            (await session.Query<TerminalRegistration>().CountAsync(r => r.AnyTenant() && r.Terminal == "0" + terminal)).Should().Be(1);
        }
    }
}
