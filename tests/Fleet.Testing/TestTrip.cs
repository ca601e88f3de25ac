using System.Net;
using System.Text.Json;
using Fleet.Domain.People;
using Marten;
using NodaTime;

namespace Fleet.Testing;

/// <summary>
/// A trip requested through the API, taken on through its life step by step, each step posted by the demo account
/// whose role takes it: approve (unit head), dispatch (dispatcher), accept, start and finish (the driver, or for a
/// self-driven trip the dispatcher who hands over the keys), confirm (clerk). Every step checks the status it expects
/// and returns the trip as the server answered.
/// </summary>
public sealed class TestTrip(FleetApp app, string pool, Guid id, JsonElement requested, bool withDriver = true)
{
    public Guid Id { get; } = id;

    /// <summary>The demo pool (<see cref="FleetApp.Jiangan"/>, …) whose clerk requested the trip.</summary>
    public string Pool { get; } = pool;

    /// <summary>The answer to the request: status, levels required, policy version.</summary>
    public JsonElement Requested { get; } = requested;

    public string Status => Requested.GetProperty("status").GetString()!;

    /// <summary>Who drives the car out and back: the assigned driver, or for a self-driven trip the dispatcher.</summary>
    private Role Driving => withDriver ? Role.Driver : Role.Dispatcher;

    public Task<JsonElement> ApproveAsync(HttpStatusCode expected = HttpStatusCode.OK) =>
        app.PostAs(Pool, Role.Approver, $"/api/trips/{Id}/approve", new { }, expected);

    /// <summary>Dispatches <paramref name="vehicle"/>, with <paramref name="driver"/> unless the trip is self-driven.</summary>
    public Task<JsonElement> DispatchAsync(Guid vehicle, Guid? driver = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        app.PostAs(Pool, Role.Dispatcher, $"/api/trips/{Id}/dispatch", new { vehicleId = vehicle, driverId = driver }, expected);

    /// <summary>
    /// Dispatches as the dispatcher would from the candidate list: the first free car of the class asked for, with the
    /// pool's demo driver account when it is free (so that the driver's steps can follow), otherwise the first free driver;
    /// no driver for a self-driven trip.
    /// </summary>
    public async Task<JsonElement> DispatchToFreeAsync()
    {
        var candidates = await app.GetAs(Pool, Role.Dispatcher, $"/api/trips/{Id}/candidates");
        var vehicle = candidates.GetProperty("vehicles").EnumerateArray()
            .FirstOrDefault(v => v.GetProperty("available").GetBoolean() && v.GetProperty("classFits").GetBoolean());
        if (vehicle.ValueKind == JsonValueKind.Undefined) throw new InvalidOperationException($"No free car fits trip {Id}: {candidates}");

        if (!withDriver) return await DispatchAsync(vehicle.GetProperty("vehicleId").GetGuid());

        var free = candidates.GetProperty("drivers").EnumerateArray()
            .Where(d => d.GetProperty("available").GetBoolean() && d.GetProperty("licenceFits").GetBoolean())
            .Select(d => d.GetProperty("driverId").GetGuid()).ToList();
        var account = await app.LinkedAccountDriverAsync(Pool);
        var driver = account is { } mine && free.Contains(mine) ? mine : free.Count > 0 ? free[0] : throw new InvalidOperationException($"No free driver for trip {Id}: {candidates}");
        return await DispatchAsync(vehicle.GetProperty("vehicleId").GetGuid(), driver);
    }

    public Task<JsonElement> AcceptAsync() => app.PostAs(Pool, Role.Driver, $"/api/trips/{Id}/accept", new { });

    public Task<JsonElement> StartAsync(decimal odometerKm) => app.PostAs(Pool, Driving, $"/api/trips/{Id}/start", new { odometerKm });

    /// <summary>Finishes at <paramref name="odometerKm"/>; <paramref name="figures"/> adds the rest of the form (fuel, tolls, parking, returnedAt…).</summary>
    public Task<JsonElement> FinishAsync(decimal odometerKm, object? figures = null)
    {
        var form = figures is null
            ? []
            : JsonSerializer.SerializeToElement(figures).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        form["odometerKm"] = odometerKm;
        return app.PostAs(Pool, Driving, $"/api/trips/{Id}/finish", form);
    }

    public Task<JsonElement> ConfirmAsync(int stars = 5, string? comment = null) =>
        app.PostAs(Pool, Role.Clerk, $"/api/trips/{Id}/confirm", new { stars, comment });

    /// <summary>
    /// Accepts (when a driver was sent), starts at <paramref name="startAt"/> and finishes at <paramref name="finishAt"/> (moving the fake clock
    /// there when given), reading <paramref name="odometerOut"/> and <paramref name="odometerIn"/>.
    /// </summary>
    public async Task<JsonElement> DriveAsync(decimal odometerOut, decimal odometerIn, Instant? startAt = null, Instant? finishAt = null,
        object? figures = null)
    {
        if (withDriver) await AcceptAsync();
        if (startAt is { } start) app.Clock.Reset(start);
        await StartAsync(odometerOut);
        if (finishAt is { } finish) app.Clock.Reset(finish);
        return await FinishAsync(odometerIn, figures);
    }

    /// <summary>The names of the events stored in the trip's stream, oldest first.</summary>
    public async Task<IReadOnlyList<string>> EventTypesAsync()
    {
        await using var session = app.Store.QuerySession(FleetApp.PoolCode(Pool));
        return (await session.Events.FetchStreamAsync(Id)).Select(e => e.EventTypeName).ToList();
    }

    /// <summary>The events stored in the trip's stream, oldest first.</summary>
    public async Task<IReadOnlyList<object>> EventsAsync()
    {
        await using var session = app.Store.QuerySession(FleetApp.PoolCode(Pool));
        return (await session.Events.FetchStreamAsync(Id)).Select(e => e.Data).ToList();
    }

    public override string ToString() => Id.ToString();
}

/// <summary>Requesting trips through the API as a pool's demo clerk.</summary>
public static class TestTrips
{
    /// <summary>Posts <paramref name="request"/> (the defaults when null) as the clerk of <paramref name="pool"/> and expects it created.</summary>
    public static async Task<TestTrip> RequestTripAsync(this FleetApp app, string pool, TripBuilder? request = null)
    {
        request ??= new TripBuilder();
        var answer = await app.PostAs(pool, Role.Clerk, "/api/trips", request.Body, HttpStatusCode.Created);
        return new TestTrip(app, pool, answer.GetProperty("tripId").GetGuid(), answer, request.WithDriver);
    }

    /// <summary>A trip requested by the pool's clerk and dispatched with <paramref name="vehicle"/> and <paramref name="driver"/>.</summary>
    public static async Task<TestTrip> DispatchedTripAsync(this FleetApp app, string pool, Guid vehicle, Guid? driver, TripBuilder? request = null)
    {
        var trip = await app.RequestTripAsync(pool, request);
        await trip.DispatchAsync(vehicle, driver);
        return trip;
    }
}
