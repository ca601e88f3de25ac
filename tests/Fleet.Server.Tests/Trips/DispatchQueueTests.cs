using System.Net;
using System.Text.Json;
using Alba;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Dispatching;
using Fleet.Testing;
using FluentAssertions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fleet.Server.Tests.Trips;

/// <summary>
/// A pool's dispatches wait their turn in each server, and the register's row lock keeps two servers' dispatches apart
/// (docs/adr/024). Two servers on one database, as two nodes; the fake clock stands at Monday 2026-11-02 09:30.
/// </summary>
public class DispatchQueueTests(TwoServerFleet app) : IClassFixture<TwoServerFleet>
{
    private const string Pool = FleetApp.Jiangan;

    private async Task<Guid> ApprovedTrip(string pool, string start, string end)
    {
        var trip = await app.RequestTripAsync(pool, new TripBuilder().Between(start, end));
        trip.Status.Should().Be("approved");
        return trip.Id;
    }

    private async Task<IScenarioResult> Dispatch(IAlbaHost node, string pool, Guid trip, Guid vehicle, Guid driver)
    {
        var bearer = await app.BearerFor(pool, Role.Dispatcher);
        return await node.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", bearer);
            s.Post.Json(new { vehicleId = vehicle, driverId = driver }).ToUrl($"/api/trips/{trip}/dispatch");
            s.IgnoreStatusCode();
        });
    }

    private Task<Guid> Vehicle(string pool) => app.RoadworthyVehicleAsync(pool, TestPlates.Next('Q'));

    private Task<Guid> Driver(string pool) => app.DriverAsync(pool, $"司机{Guid.NewGuid():N}"[..8]);

    [Fact]
    public async Task A_pools_dispatch_waits_for_a_turn_in_the_server_while_other_pools_and_the_other_server_go_on()
    {
        var waiting = await ApprovedTrip(Pool, "2026-11-05T09:00:00+08:00", "2026-11-05T10:00:00+08:00");
        var onOtherServer = await ApprovedTrip(Pool, "2026-11-05T09:00:00+08:00", "2026-11-05T10:00:00+08:00");
        var otherPool = await ApprovedTrip(FleetApp.Jianghan, "2026-11-05T09:00:00+08:00", "2026-11-05T10:00:00+08:00");
        var queue = app.Host.Services.GetRequiredService<DispatchQueue>();

        var turns = new Stack<DispatchQueue.Turn>();
        try
        {
            for (var i = 0; i < DispatchQueue.AtOnce; i++) turns.Push(await queue.WaitAsync(FleetApp.JianganPool, CancellationToken.None));
            var queued = Dispatch(app.Host, Pool, waiting, await Vehicle(Pool), await Driver(Pool));
            await WaitUntil(() => queue.Waiting(FleetApp.JianganPool) == 1);

            (await Dispatch(app.Host, FleetApp.Jianghan, otherPool, await Vehicle(FleetApp.Jianghan), await Driver(FleetApp.Jianghan)))
                .Context.Response.StatusCode.Should().Be(200, "another pool's dispatch does not wait for this pool's");
            (await Dispatch(app.Other, Pool, onOtherServer, await Vehicle(Pool), await Driver(Pool)))
                .Context.Response.StatusCode.Should().Be(200, "the other server's dispatcher queues on that server, and took the register's row lock");
            queued.IsCompleted.Should().BeFalse("the dispatch still waits for its turn on this server");
            queue.Waiting(FleetApp.JianganPool).Should().Be(1);

            turns.Pop().End();
            var dispatched = await (await queued).ReadAsJsonAsync<JsonElement>();
            dispatched.GetProperty("status").GetString().Should().Be("dispatched");
            queue.Waiting(FleetApp.JianganPool).Should().Be(0);
        }
        finally
        {
            // Whatever failed, the pool's other tests must find its desk free.
            while (turns.TryPop(out var turn)) turn.End();
        }
    }

    /// <summary>
    /// Sixteen dispatchers on each server reach for one car for overlapping trips, five times over: each server lets a few
    /// of its own through at a time, and those meet at the register's row lock. Exactly one wins each time.
    /// </summary>
    [Fact]
    public async Task Dispatchers_on_two_servers_never_double_book_a_car()
    {
        const int perServer = 16, rounds = 5;
        var shared = await Vehicle(Pool);
        var drivers = new List<Guid>();
        for (var i = 0; i < 2 * perServer; i++) drivers.Add(await Driver(Pool));

        string[] weekdays = ["10", "11", "12", "13", "16"];
        for (var round = 0; round < rounds; round++)
        {
            var trips = new List<Guid>();
            for (var i = 0; i < 2 * perServer; i++)
                trips.Add(await ApprovedTrip(Pool, $"2026-11-{weekdays[round]}T09:{i:00}:00+08:00", $"2026-11-{weekdays[round]}T10:{i:00}:00+08:00"));

            var results = await Task.WhenAll(trips.Select((trip, i) => Dispatch(i % 2 == 0 ? app.Host : app.Other, Pool, trip, shared, drivers[i])));

            var statuses = results.Select(r => r.Context.Response.StatusCode).ToList();
            statuses.Count(s => s == (int)HttpStatusCode.OK).Should().Be(1, $"one dispatch of the car wins in round {round}");
            statuses.Count(s => s == (int)HttpStatusCode.Conflict).Should().Be(2 * perServer - 1);
            var order = (await results.Single(r => r.Context.Response.StatusCode == 200).ReadAsJsonAsync<JsonElement>())
                .GetProperty("order").GetProperty("text").GetString()!;
            foreach (var loser in results.Where(r => r.Context.Response.StatusCode == 409))
            {
                var problem = await loser.ReadAsJsonAsync<JsonElement>();
                problem.Code().Should().Be("vehicle.double_booked");
                problem.GetProperty("detail").GetString().Should().Contain(order);
            }
        }

        await using var session = app.Store.QuerySession(FleetApp.JianganPool);
        var holding = await session.Query<Trip>().Where(t => t.Assignment != null && t.Assignment.VehicleId == shared).ToListAsync();
        holding.Should().HaveCount(rounds);
        var ordered = holding.OrderBy(t => t.Assignment!.ReservedFrom).ToList();
        ordered.Zip(ordered.Skip(1)).Where(pair => pair.First.Assignment!.ReservedUntil > pair.Second.Assignment!.ReservedFrom)
            .Should().BeEmpty("no two stored reservations of the car overlap");
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the dispatch reaches the queue");
            await Task.Delay(10);
        }
    }
}
