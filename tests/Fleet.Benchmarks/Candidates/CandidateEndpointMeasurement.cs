using System.Diagnostics;
using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Testing;
using NodaTime;
using static Fleet.Benchmarks.LargePool;

namespace Fleet.Benchmarks.Candidates;

/// <summary>
/// The candidate list through the whole server — sign-in token, routing, Marten queries, ranking, JSON — for a
/// pool of 1,000 cars and 350 drivers holding 10,000 reservations spread over ten months, and one day besides on
/// which every car is booked (1,000 more). A trip is ranked on an ordinary day and on that day. The baseline,
/// measured in the same run and interleaved with it, is <c>/api/availability</c> for the same window: the same pool
/// checked against its workshop and leave windows, without reservations and ranking.
/// </summary>
internal static class CandidateEndpointMeasurement
{
    /// <summary>Measures and answers the Markdown table it also prints.</summary>
    public static async Task<string> RunAsync(int requests)
    {
        EndpointTiming.UseRepositoryContentRoot();
        var app = new FleetApp();
        await app.InitializeAsync();
        try
        {
            var firstDay = new LocalDate(2026, 11, 9);
            app.Clock.Reset(At(firstDay.PlusDays(99), 8));
            Console.WriteLine("Seeding 1,000 cars, 350 drivers and 11,000 dispatched trips …");
            var seeding = Stopwatch.StartNew();
            var pool = await RegisterAsync(app, 1_000, 350, new Random(2026));
            await BookAsync(app, pool, firstDay, new Random(2027));
            await VacuumAsync(app);
            Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:0} s");

            var ordinaryDay = firstDay.PlusDays(100);
            var ordinary = await RequestTripAsync(app, ordinaryDay);
            var busy = await RequestTripAsync(app, BusyDay(firstDay));
            var availability = $"/api/availability?from={Uri.EscapeDataString(At(ordinaryDay, 9).ToString())}" +
                               $"&to={Uri.EscapeDataString(At(ordinaryDay, 12).ToString())}";
            var ordinaryCandidates = $"/api/trips/{ordinary}/candidates";
            var busyCandidates = $"/api/trips/{busy}/candidates";
            var (onOrdinary, onBusy) = (await ReservedCarsAsync(app, ordinaryCandidates), await ReservedCarsAsync(app, busyCandidates));
            Console.WriteLine($"Cars reserved in the window: {onOrdinary} on the ordinary day, {onBusy} on the busy day");

            TimedRequest Dispatcher(string name, string url) => new(name, FleetApp.Jiangan, Role.Dispatcher, url);
            var table = await EndpointTiming.MeasureAsync(app,
            [
                Dispatcher("GET /api/availability", availability),
                Dispatcher($"GET /api/trips/{{id}}/candidates, an ordinary day ({onOrdinary} cars reserved in the window)", ordinaryCandidates),
                Dispatcher($"GET /api/trips/{{id}}/candidates, the day every car is out ({onBusy} reserved)", busyCandidates),
            ], warmUps: 20, requests);
            return table;
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static LocalDate BusyDay(LocalDate firstDay) => firstDay.PlusDays(150);

    /// <summary>A sedan for three people from nine to noon.</summary>
    private static async Task<Guid> RequestTripAsync(FleetApp app, LocalDate day)
    {
        var trip = await app.PostAs(FleetApp.Jiangan, Role.Clerk, "/api/trips", new
        {
            purpose = "会议", purposeText = "测量", passengers = 3, passengerNames = new[] { "张三" }, pickUp = "区政府", destinations = new[] { "市民之家" },
            start = At(day, 9).ToString(), end = At(day, 12).ToString(), wantedClass = "Sedan", urgency = "Normal", withDriver = true, outOfRegion = false,
        }, System.Net.HttpStatusCode.Created);
        return trip.GetProperty("tripId").GetGuid();
    }

    private static async Task<int> ReservedCarsAsync(FleetApp app, string url)
    {
        var list = await app.GetAs(FleetApp.Jiangan, Role.Dispatcher, url);
        return list.GetProperty("vehicles").EnumerateArray().Count(v => v.GetProperty("reserved").GetArrayLength() > 0);
    }

    /// <summary>
    /// Trips requested, approved and dispatched as their events: 10,000 at random cars, drivers and hours over ten
    /// months, then 1,000 on the busy day, every car once (drivers shared).
    /// </summary>
    private static async Task BookAsync(FleetApp app, LargePool pool, LocalDate firstDay, Random random)
    {
        var now = app.Clock.GetCurrentInstant();
        var bookings = Enumerable.Range(0, 10_000)
            .Select(_ => (Car: pool.Cars[random.Next(pool.Cars.Count)], Driver: pool.Drivers[random.Next(pool.Drivers.Count)],
                Start: At(firstDay.PlusDays(random.Next(300)), 7 + random.Next(10)), Hours: 1 + random.Next(4)))
            .Concat(pool.Cars.Select((car, k) => (Car: car, Driver: pool.Drivers[k % pool.Drivers.Count], Start: At(BusyDay(firstDay), 8 + k % 2 * 4),
                Hours: 2)))
            .ToList();
        for (var offset = 0; offset < bookings.Count; offset += 1_000)
        {
            await using var session = app.Store.LightweightSession(Pool);
            foreach (var (number, (car, driver, start, hours)) in bookings.Skip(offset).Take(1_000).Select((b, k) => (offset + k + 1, b)))
            {
                var end = start + Duration.FromHours(hours);
                var details = new TripDetails(TripPurpose.Meeting, "会议", 2, ["张三"], "区政府", ["市民之家"], start, end, car.Class, true,
                    TripUrgency.Normal, false);
                var tripId = Guid.CreateVersion7();
                var reserved = Reservations.For(start, end, DispatchSettings.Default);
                session.Events.StartStream<Trip>(tripId,
                    new TripRequested(tripId, details, "JA0001", Pool, Guid.Empty, now),
                    new TripAutoApproved(tripId, 1, [PolicyReasons.WithinAutoLimits], now),
                    new TripDispatched(tripId, new DispatchOrderNumber(Pool, 2026, number),
                        new Assignment(car.Id, car.Plate, car.Class, car.Seats, driver.Id, driver.Name, reserved.Start, reserved.End),
                        null, Guid.Empty, now));
            }

            await session.SaveChangesAsync();
        }
    }
}
