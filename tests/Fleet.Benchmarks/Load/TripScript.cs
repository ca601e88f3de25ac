using System.Diagnostics;
using NodaTime;

namespace Fleet.Benchmarks.Load;

/// <summary>A car, its driver and the driver's sign-in: what one trip at a time needs, handed from trip to trip.</summary>
internal sealed class Crew(Guid vehicle, Guid driver, string driverToken)
{
    public Guid Vehicle { get; } = vehicle;
    public Guid Driver { get; } = driver;
    public string DriverToken { get; set; } = driverToken;
    public decimal Odometer { get; set; } = 1_000m;
}

/// <summary>The office's sign-ins: the clerk who requests, the unit head who approves, the dispatcher.</summary>
internal sealed record Office(string Clerk, string Approver, string Dispatcher);

/// <summary>
/// One trip's six commands through the HTTP API, as the people involved send them: request (clerk), approve (unit
/// head), dispatch (dispatcher), accept, start and finish (driver). The pool's policy makes every trip need exactly
/// one approval. <paramref name="measured"/> gets each command's latency, counted from when it was due.
/// </summary>
internal static class TripScript
{
    public static readonly string[] Commands = ["request", "approve", "dispatch", "accept", "start", "finish"];
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static async Task<Guid> DriveAsync(FleetClient client, Office office, Crew crew, Action<string, TimeSpan> measured, long due,
        Func<string, string?>? capture = null)
    {
        var trip = (await Timed("request", () => client.SendAsync(office.Clerk, HttpMethod.Post, "/api/trips", RequestBody(), capture?.Invoke("request"))))
            .GetProperty("tripId").GetGuid();
        await Timed("approve", () => client.SendAsync(office.Approver, HttpMethod.Post, $"/api/trips/{trip}/approve", null, capture?.Invoke("approve")));
        await Timed("dispatch", () => client.SendAsync(office.Dispatcher, HttpMethod.Post, $"/api/trips/{trip}/dispatch",
            new { vehicleId = crew.Vehicle, driverId = crew.Driver }, capture?.Invoke("dispatch")));
        await Timed("accept", () => client.SendAsync(crew.DriverToken, HttpMethod.Post, $"/api/trips/{trip}/accept", new { }, capture?.Invoke("accept")));
        await Timed("start", () => client.SendAsync(crew.DriverToken, HttpMethod.Post, $"/api/trips/{trip}/start",
            new { odometerKm = crew.Odometer }, capture?.Invoke("start")));
        crew.Odometer += 12.5m;
        await Timed("finish", () => client.SendAsync(crew.DriverToken, HttpMethod.Post, $"/api/trips/{trip}/finish",
            new { odometerKm = crew.Odometer, fuelLitres = 1.2, fuelCost = 9.6 },
            capture?.Invoke("finish")));
        return trip;

        async Task<T> Timed<T>(string command, Func<Task<T>> send)
        {
            var result = await send();
            var now = Stopwatch.GetTimestamp();
            measured(command, Stopwatch.GetElapsedTime(due, now));
            // The next command is due when this one is answered: each depends on the one before.
            due = now;
            return result;
        }
    }

    /// <summary>The clerk's request of a trip: a meeting an hour long, starting a few minutes ahead.</summary>
    public static object RequestBody()
    {
        var (start, end) = Window(SystemClock.Instance.GetCurrentInstant());
        return new
        {
            purpose = "会议", purposeText = "参加区务会", passengers = 1, passengerNames = new[] { "张三" }, pickUp = "区政府北门",
            destinations = new[] { "市民之家" }, start = start.ToString(), end = end.ToString(), wantedClass = "Sedan", urgency = "Normal",
            withDriver = true, outOfRegion = false,
        };
    }

    /// <summary>An hour from a few minutes ahead, on one local day so that the trip is never overnight.</summary>
    private static (Instant Start, Instant End) Window(Instant now)
    {
        var start = now + Duration.FromMinutes(5);
        var local = start.InZone(Zone);
        if ((start + Duration.FromHours(1)).InZone(Zone).Date != local.Date)
            start = local.Date.PlusDays(1).AtStartOfDayInZone(Zone).ToInstant() + Duration.FromMinutes(5);
        return (start, start + Duration.FromHours(1));
    }
}
