using System.Diagnostics;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Domain.Common;
using Fleet.Projections.Compliance;
using Fleet.Projections.Logbook;
using Fleet.Projections.Reports;
using Fleet.Testing;
using Marten;
using Weasel.Core;
using NodaTime;
using static Fleet.Benchmarks.LargePool;

namespace Fleet.Benchmarks.Queries;

/// <summary>
/// The dashboards and logbooks over a year of a large pool, through the whole server: 1,000 cars and 350 drivers
/// registered as events, and 2026 in their logbook — about half a trip per car and working day, some over several
/// days, most rated, a few disputed, overdue or driven at night. The lines are written as the logbook projection's
/// documents (the projection's own speed is measured by the rebuilds); then <c>vacuum analyze</c>, as autovacuum
/// would. The baseline, interleaved with the rest, is one car's logbook for a month: the smallest page a supervisor reads.
/// </summary>
internal static class QueryMeasurement
{
    private const int Units = 60;

    /// <summary>Measures and answers the Markdown table it also prints.</summary>
    public static async Task<string> RunAsync(int requests)
    {
        EndpointTiming.UseRepositoryContentRoot();
        var app = new FleetApp();
        await app.InitializeAsync();
        try
        {
            app.Clock.Reset(At(new LocalDate(2027, 1, 4), 9));
            Console.WriteLine("Seeding 1,000 cars, 350 drivers and a year of their logbook …");
            var seeding = Stopwatch.StartNew();
            var random = new Random(2026);
            var pool = await RegisterAsync(app, 1_000, 350, random);
            var lines = Year(pool, 2026, random);
            foreach (var chunk in lines.Chunk(20_000))
                await app.Store.BulkInsertAsync(Pool, chunk, BulkInsertMode.InsertsOnly, batchSize: 5_000);
            await app.Store.BulkInsertAsync(Pool, Totals(lines), BulkInsertMode.InsertsOnly);
            var flagged = await FlaggedAsync(app, lines);
            await app.Store.BulkInsertAsync(Pool, flagged, BulkInsertMode.InsertsOnly, batchSize: 5_000);
            await VacuumAsync(app);
            Console.WriteLine($"Seeded {lines.Count:N0} logbook lines in {seeding.Elapsed.TotalSeconds:0} s");

            var car = pool.Cars[0].Id;
            // What a supervisor has at hand: a car's plate, and the order number printed on a flagged trip's slip.
            var plate = Uri.EscapeDataString(pool.Cars[0].Plate);
            var order = Uri.EscapeDataString(flagged.ElementAt(flagged.Count / 2).OrderNumber!);
            var driver = pool.Drivers[0].Id;
            var table = await EndpointTiming.MeasureAsync(app,
            [
                new("GET /api/logbook, one car's month", FleetApp.Jiangan, Role.FleetAdmin, $"/api/logbook?vehicleId={car}&month=2026-11"),
                new("GET /api/logbook, one driver's month", FleetApp.Jiangan, Role.FleetAdmin, $"/api/logbook?driverId={driver}&month=2026-11"),
                new("GET /api/reports/figures, a day", FleetApp.Jiangan, Role.FleetAdmin, "/api/reports/figures?period=2026-11-18"),
                new("GET /api/reports/figures, a month", FleetApp.Jiangan, Role.FleetAdmin, "/api/reports/figures?period=2026-11"),
                new("GET /api/reports/figures, the year", FleetApp.Jiangan, Role.FleetAdmin, "/api/reports/figures?period=2026"),
                new("GET /api/reports/city, the year (every pool)", FleetApp.City, Role.Supervisor, "/api/reports/city?period=2026"),
                new("GET /api/compliance, a month", FleetApp.Jiangan, Role.FleetAdmin, "/api/compliance?period=2026-11"),
                new("GET /api/compliance, the year", FleetApp.Jiangan, Role.FleetAdmin, "/api/compliance?period=2026"),
                new("GET /api/compliance, the year, its last page", FleetApp.Jiangan, Role.FleetAdmin, "/api/compliance?period=2026&pageSize=200&page=290"),
                new("GET /api/compliance, the year, the last page of one kind", FleetApp.Jiangan, Role.FleetAdmin,
                    "/api/compliance?period=2026&kind=lateStart&pageSize=200&page=23"),
                new("GET /api/compliance, the year, searching a plate", FleetApp.Jiangan, Role.FleetAdmin, $"/api/compliance?period=2026&search={plate}"),
                new("GET /api/compliance, the year, searching an order number", FleetApp.Jiangan, Role.FleetAdmin, $"/api/compliance?period=2026&search={order}"),
            ], warmUps: 5, requests);
            await ExplainSearchAsync(app, pool.Cars[0].Plate, flagged.ElementAt(flagged.Count / 2).OrderNumber!);
            var flags = await FlagsAsync(app);
            return $"{lines.Count:N0} logbook lines in 2026 for 1,000 cars and 350 drivers; compliance finds {flags.Year:N0} flags in the year " +
                   $"(its first page of 50 is {flags.YearBytes / 1024:N0} kB), {flags.Month:N0} in the month.{Environment.NewLine}{Environment.NewLine}{table}";
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<(long Year, long YearBytes, long Month)> FlagsAsync(FleetApp app)
    {
        var year = await app.ScenarioAs(FleetApp.Jiangan, Role.FleetAdmin, s => s.Get.Url("/api/compliance?period=2026"));
        var yearText = await year.ReadAsTextAsync();
        var month = await app.GetAs(FleetApp.Jiangan, Role.FleetAdmin, "/api/compliance?period=2026-11");
        return (System.Text.Json.JsonDocument.Parse(yearText).RootElement.GetProperty("totalFlags").GetInt64(), System.Text.Encoding.UTF8.GetByteCount(yearText),
            month.GetProperty("totalFlags").GetInt64());
    }

    /// <summary>
    /// How PostgreSQL answers a search over the year: the plans of the count and of the first page the report asks for,
    /// with the time and the buffers each step took, printed for docs/performance.md.
    /// </summary>
    private static async Task ExplainSearchAsync(FleetApp app, string plate, string order)
    {
        await using var session = app.Store.QuerySession(Pool);
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(FlaggedRecord)) is Marten.Schema.DocumentMapping m
            ? m.TableName.QualifiedName : throw new InvalidOperationException("The flagged records have no table.");
        // The report's two queries as FlaggedRecordQuery writes them for one pool, a search and no unit: the counts, and
        // the first page of 50 flags.
        var where = @"tenant_id = ? and at >= ? and at < ? and (data ->> 'orderNumber' ilike ? escape '\' or data ->> 'plate' ilike ? escape '\')";
        string[] queries =
        [
            $"select kinds || ' ' || count(*) from {table} where {where} group by kinds",
            $"select tenant_id || ' ' || id from {table} where {where} and kinds & -1 <> 0 order by at, id limit 50",
        ];
        foreach (var (what, search) in new[] { ("a plate", plate), ("an order number", order) })
        foreach (var sql in queries)
        {
            object[] parameters = [Pool, At(new LocalDate(2026, 1, 1), 0).ToDateTimeOffset(), At(new LocalDate(2027, 1, 1), 0).ToDateTimeOffset(),
                $"%{search}%", $"%{search}%"];
            var plan = await session.AdvancedSql.QueryAsync<string>("explain (analyze, buffers) " + sql, CancellationToken.None, parameters);
            Console.WriteLine($"-- searching {what} ({search}):{Environment.NewLine}{sql}{Environment.NewLine}{string.Join(Environment.NewLine, plan)}{Environment.NewLine}");
        }
    }

    /// <summary>The records the flags projection keeps for the lines, by the rules it applies, under the pool's policy.</summary>
    private static async Task<IReadOnlyCollection<FlaggedRecord>> FlaggedAsync(FleetApp app, IEnumerable<LogbookEntry> lines)
    {
        await using var session = app.Store.QuerySession(Pool);
        var policies = await WorkingHours.OfPoolAsync(session, CancellationToken.None);
        return lines.Select(line => FlaggedRecord.Of(FlaggedSubject.LogbookLine, line.Id, line.DepartedAt!.Value,
            ComplianceFlags.KindsOf(LineFacts.Of(line)!, policies, Zone))?.About(line.UnitCode, line.Plate, line.OrderNumber)).OfType<FlaggedRecord>().ToList();
    }

    /// <summary>
    /// The day, month and year totals the lines make, added up by the totals projection's own rules from the events
    /// each line stands for.
    /// </summary>
    private static IReadOnlyCollection<PeriodTotals> Totals(IEnumerable<LogbookEntry> lines)
    {
        var totals = new Dictionary<string, PeriodTotals>();
        foreach (var line in lines)
        {
            var trip = new TripFacts(line.VehicleId!.Value, line.DriverId, line.UnitCode, line.DepartedAt!.Value, line.OdometerOutMetres!.Value);
            object[] events =
            [
                new TripStarted(line.Id, trip.VehicleId, Guid.Empty, new Distance(trip.OdometerOutMetres), trip.DepartedAt),
                new TripFinished(line.Id, trip.VehicleId, Guid.Empty, new Distance(line.OdometerInMetres!.Value), line.FuelLitres, line.EnergyKilowattHours,
                    line.FuelCost, line.Tolls, line.Parking, line.OtherCosts, line.ReturnedAt!.Value, line.ReturnedAt.Value),
                .. line.Stars is { } stars ? [new TripRated(line.Id, Guid.Empty, stars, line.RatingComment, line.ReturnedAt.Value)] : Array.Empty<object>(),
                .. line.Disputed ? [new TripDisputed(line.Id, Guid.Empty, line.DisputedItems, line.DisputeDetails ?? "", line.ReturnedAt.Value)] : Array.Empty<object>(),
            ];
            foreach (var (period, change) in events.SelectMany(e => PeriodTotalling.Changes(e, trip, Zone)))
                change(totals.TryGetValue(period, out var existing) ? existing : totals[period] = new PeriodTotals { Id = period });
        }

        return totals.Values;
    }

    /// <summary>Every working day, each car out none, once or twice; one trip in fifty stays out overnight.</summary>
    private static List<LogbookEntry> Year(LargePool pool, int year, Random random)
    {
        var lines = new List<LogbookEntry>();
        var odometers = pool.Cars.ToDictionary(c => c.Id, _ => (long)random.Next(5_000, 150_000) * 1_000);
        var order = 0;
        for (var day = new LocalDate(year, 1, 1); day.Year == year; day = day.PlusDays(1))
        {
            if (day.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) continue;
            foreach (var car in pool.Cars)
            {
                var trips = random.NextDouble() switch { < 0.55 => 0, < 0.9 => 1, _ => 2 };
                for (var t = 0; t < trips; t++)
                {
                    var driver = pool.Drivers[random.Next(pool.Drivers.Count)];
                    var plannedStart = At(day, t == 0 ? 8 + random.Next(3) : 14 + random.Next(3), 15 * random.Next(4));
                    var plannedEnd = plannedStart + Duration.FromMinutes(30 + 30 * random.Next(6));
                    // Mostly within a quarter of an hour of the plan; one in thirty leaves late, one in thirty comes back late.
                    var departed = plannedStart + Duration.FromMinutes(random.Next(30) == 0 ? random.Next(35, 90) : random.Next(-10, 15));
                    var returned = random.Next(50) == 0 ? departed + Duration.FromHours(20 + random.Next(30))
                        : Instant.Max(departed + Duration.FromMinutes(20),
                            plannedEnd + Duration.FromMinutes(random.Next(30) == 0 ? random.Next(20, 180) : random.Next(-30, 14)));
                    var distance = (long)random.Next(5, 120) * 1_000 + random.Next(1_000);
                    var lastReading = odometers[car.Id];
                    var gap = random.Next(30) == 0;
                    var odometerOut = lastReading + (gap ? random.Next(5, 60) * 1_000 : 0);
                    odometers[car.Id] = odometerOut + distance;
                    var rated = random.NextDouble() < 0.6;
                    var disputed = random.Next(100) == 0;
                    lines.Add(new LogbookEntry
                    {
                        Id = Guid.CreateVersion7(),
                        Version = 9,
                        Pool = Pool,
                        UnitCode = $"JA{1 + random.Next(Units):D4}",
                        Purpose = (TripPurpose)random.Next(4),
                        PurposeText = "会议",
                        Passengers = 1 + random.Next(4),
                        PickUp = "区政府",
                        Destinations = ["市民之家"],
                        Urgency = random.Next(100) == 0 ? TripUrgency.Emergency : TripUrgency.Normal,
                        PlannedStart = plannedStart,
                        PlannedEnd = plannedEnd,
                        PolicyVersion = 1,
                        OrderNumber = $"{Pool}-{year}-{++order:D5}",
                        VehicleId = car.Id,
                        Plate = car.Plate,
                        DriverId = driver.Id,
                        DriverName = driver.Name,
                        DepartedAt = departed,
                        ReturnedAt = returned,
                        OdometerOutMetres = odometerOut,
                        OdometerInMetres = odometerOut + distance,
                        FuelLitres = Math.Round(distance / 1000m * 0.09m, 1),
                        FuelCost = Math.Round(distance / 1000m * 0.7m, 2),
                        Tolls = random.Next(5) == 0 ? 15 : 0,
                        Parking = random.Next(4) == 0 ? 10 : 0,
                        Stars = rated ? 3 + random.Next(3) : null,
                        RatingComment = rated && random.Next(5) == 0 ? "司机准时，车内整洁" : null,
                        Disputed = disputed,
                        DisputedItems = disputed ? [DisputedItem.Costs] : [],
                        DisputeDetails = disputed ? "停车费不对" : null,
                        OdometerGap = gap,
                        OdometerLastRecordedMetres = gap ? lastReading : null,
                        StartOverdue = departed > plannedStart + Duration.FromMinutes(30),
                        ReturnOverdue = returned > plannedEnd + Duration.FromHours(2),
                    });
                }
            }
        }

        return lines;
    }
}
