using System.Diagnostics;
using Alba;
using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Testing;
using NodaTime;

namespace Fleet.Benchmarks.Candidates;

/// <summary>
/// The candidate list through the whole server — sign-in token, routing, Marten queries, ranking, JSON — for a
/// pool of 1,000 cars and 350 drivers holding 10,000 reservations over a year, 500 of them in the trip's window.
/// The baseline, measured in the same run and interleaved with it, is <c>/api/availability</c> for the same
/// window: the same pool loaded and checked, without reservations and ranking.
/// </summary>
internal static class CandidateEndpointMeasurement
{
    private const string Pool = "420102";
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>Measures and answers the Markdown table it also prints.</summary>
    public static async Task<string> RunAsync(int requests)
    {
        // Outside a test run the test host cannot find the server's folder by itself; the repository holds it.
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Fleet.sln"))) repository = repository.Parent;
        if (repository is not null)
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FLEET_SERVER", Path.Combine(repository.FullName, "src", "Fleet.Server"));

        var app = new FleetApp();
        await app.InitializeAsync();
        try
        {
            var firstDay = new LocalDate(2026, 11, 9);
            app.Clock.Reset(At(firstDay.PlusDays(149), 8));
            Console.WriteLine("Seeding 1,000 cars, 350 drivers and 10,000 dispatched trips …");
            var seeding = Stopwatch.StartNew();
            await SeedAsync(app, firstDay);
            Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:0} s");
            // What autovacuum does for a table that has grown: statistics for the planner, a visibility map for index-only scans.
            await using (var connection = new Npgsql.NpgsqlConnection(app.ConnectionString))
            {
                await connection.OpenAsync();
                await using var vacuum = new Npgsql.NpgsqlCommand("vacuum analyze", connection);
                await vacuum.ExecuteNonQueryAsync();
            }

            // The trip to rank lies on the day of the sixth batch of reservations, overlapping half of them.
            var day = firstDay.PlusDays(150);
            var trip = await app.PostAs(FleetApp.Jiangan, Role.Clerk, "/api/trips", new
            {
                purpose = "会议", purposeText = "测量", passengers = 3, passengerNames = new[] { "张三" }, pickUp = "区政府", destinations = new[] { "市民之家" },
                start = At(day, 9).ToString(), end = At(day, 12).ToString(), wantedClass = "Sedan", urgency = "Normal", withDriver = true, outOfRegion = false,
            }, System.Net.HttpStatusCode.Created);
            var tripId = trip.GetProperty("tripId").GetGuid();
            var candidates = $"/api/trips/{tripId}/candidates";
            var availability = $"/api/availability?from={Uri.EscapeDataString(At(day, 9).ToString())}&to={Uri.EscapeDataString(At(day, 12).ToString())}";

            for (var i = 0; i < 20; i++)
            {
                await TimeAsync(app, availability);
                await TimeAsync(app, candidates);
            }

            var baseline = new List<double>();
            var measured = new List<double>();
            for (var i = 0; i < requests; i++)
            {
                baseline.Add(await TimeAsync(app, availability));
                measured.Add(await TimeAsync(app, candidates));
            }

            var table = new System.Text.StringBuilder();
            table.AppendLine($"| Request ({requests} each, interleaved) | p50 ms | p95 ms | p99 ms | mean ms | ratio (mean) |");
            table.AppendLine("|---|---:|---:|---:|---:|---:|");
            table.AppendLine(Row("GET /api/availability (baseline)", baseline, baseline.Average()));
            table.AppendLine(Row("GET /api/trips/{id}/candidates", measured, baseline.Average()));
            Console.WriteLine();
            Console.WriteLine(table);
            return table.ToString();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static Instant At(LocalDate day, int hour) => day.At(new LocalTime(hour, 0)).InZoneStrictly(Zone).ToInstant();

    private static async Task<double> TimeAsync(FleetApp app, string url)
    {
        var watch = Stopwatch.StartNew();
        await app.ScenarioAs(FleetApp.Jiangan, Role.Dispatcher, s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBeOk();
        });
        return watch.Elapsed.TotalMilliseconds;
    }

    private static string Row(string name, List<double> timings, double baselineMean)
    {
        var sorted = timings.Order().ToList();
        double At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return $"| {name} | {At(0.50):0.0} | {At(0.95):0.0} | {At(0.99):0.0} | {timings.Average():0.0} | {timings.Average() / baselineMean:0.00} |";
    }

    /// <summary>
    /// The registry and the trips as their events: cars with valid papers, drivers, and trips requested, approved
    /// and dispatched — ten batches of 1,000 a month apart, each car once per batch, drivers shared.
    /// </summary>
    private static async Task SeedAsync(FleetApp app, LocalDate firstDay)
    {
        var now = app.Clock.GetCurrentInstant();
        var random = new Random(2026);
        VehicleClass[] classes = [VehicleClass.Sedan, VehicleClass.Sedan, VehicleClass.Sedan, VehicleClass.Mpv, VehicleClass.Minibus, VehicleClass.Bus];
        var vehicles = new List<(Guid Id, string Plate, VehicleClass Class, int Seats)>();
        var drivers = new List<(Guid Id, string Name)>();

        await using (var session = app.Store.LightweightSession(Pool))
        {
            for (var i = 0; i < 1_000; i++)
            {
                var @class = classes[random.Next(classes.Length)];
                var seats = @class switch { VehicleClass.Sedan => 5, VehicleClass.Mpv => 7, VehicleClass.Minibus => 15, _ => 40 };
                var id = Guid.CreateVersion7();
                var plate = $"鄂A·B{i:D4}";
                session.Events.StartStream<Vehicle>(id,
                    new VehicleRegistered(id, plate, VehicleCategory.GeneralOfficial, @class, seats, EnergyType.Gasoline, Pool, now),
                    new AnnualInspectionRecorded(id, new LocalDate(2026, 1, 1), new LocalDate(2028, 12, 31), "鄂检", now),
                    new InsuranceRecorded(id, "平安", $"P{i}", new LocalDate(2026, 1, 1), new LocalDate(2028, 12, 31), now));
                vehicles.Add((id, plate, @class, seats));
            }

            for (var i = 0; i < 350; i++)
            {
                var id = Guid.CreateVersion7();
                var name = $"司机{i:D3}";
                session.Events.StartStream<Driver>(id, new DriverRegistered(id, name, Pool, [i % 10 == 0 ? LicenceClass.A1 : LicenceClass.B1],
                    "420102198001011234", new LocalDate(2030, 1, 1), null, now));
                drivers.Add((id, name));
            }

            await session.SaveChangesAsync();
        }

        for (var batch = 0; batch < 10; batch++)
        {
            await using var session = app.Store.LightweightSession(Pool);
            var day = firstDay.PlusDays(batch * 30);
            for (var k = 0; k < 1_000; k++)
            {
                var vehicle = vehicles[k];
                var driver = drivers[(k + batch) % drivers.Count];
                var start = At(day, 8 + k % 2 * 4);
                var end = start + Duration.FromHours(2);
                var details = new TripDetails(TripPurpose.Meeting, "会议", 2, ["张三"], "区政府", ["市民之家"], start, end, vehicle.Class, true,
                    TripUrgency.Normal, false);
                var tripId = Guid.CreateVersion7();
                var reserved = Reservations.For(start, end, DispatchSettings.Default);
                session.Events.StartStream<Trip>(tripId,
                    new TripRequested(tripId, details, "JA0001", Pool, Guid.Empty, now),
                    new TripAutoApproved(tripId, 1, [PolicyReasons.WithinAutoLimits], now),
                    new TripDispatched(tripId, new DispatchOrderNumber(Pool, 2026, batch * 1_000 + k + 1),
                        new Assignment(vehicle.Id, vehicle.Plate, vehicle.Class, vehicle.Seats, driver.Id, driver.Name, reserved.Start, reserved.End),
                        null, Guid.Empty, now));
            }

            await session.SaveChangesAsync();
        }
    }
}
