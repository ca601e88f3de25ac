using Fleet.Domain.Positions.Reconciliation;
using System.Text.Json;
using Fleet.Samples.DemoHost;
using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Logbook;
using Fleet.Projections.Trips;
using Fleet.Samples.DemoCity;
using Fleet.Server.Infrastructure.Time;
using Fleet.Testing;
using FluentAssertions;
using JasperFx.Events;
using Marten;
using Marten.Events;
using NodaTime;
using Xunit;

namespace Fleet.Server.Tests.Demo;

/// <summary>
/// The demo city as a newcomer gets it, in its tiny size: generated through the domain's decisions, loaded by the
/// server at its first start, and consistent in every way a supervisor could check.
/// </summary>
public sealed partial class DemoCityTests(DemoCityTests.TinyCity app) : IClassFixture<DemoCityTests.TinyCity>
{
    private const int Seed = 7;
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>A server whose first start in demo mode loads the tiny city with a month of history up to the fake clock's now.</summary>
    public sealed class TinyCity : FleetApp
    {
        /// <summary>The demo host's own defaults for the tracks' checks (the city's area, the pools' bases), with the tiny city.</summary>
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(
            Fleet.Samples.DemoHost.DemoProgram.DemoDefaults().Where(d => d.Key.StartsWith("Fleet:Positions:", StringComparison.Ordinal)))
        {
            ["Fleet:Demo:Size"] = DemoCitySize.Tiny.Name,
            ["Fleet:Demo:Seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public void The_same_seed_gives_the_same_city_and_another_seed_another()
    {
        var first = Serialized(Seed);
        var again = Serialized(Seed);
        var other = Serialized(Seed + 1);

        again.Should().Equal(first);
        other.Should().NotEqual(first);
        first.Count.Should().BeGreaterThan(1_000);
    }

    [Fact]
    public void Districts_that_send_trips_to_their_office_have_them_signed_there_and_hanyangs_overnight_trips_by_the_citys_office()
    {
        var generator = new DemoCityGenerator(DemoCitySize.Tiny with { Districts = 4, Months = 3 }, Seed, FleetApp.Start, Zone);
        var events = generator.Generate().ToList();
        generator.Summary.Refusals.Should().BeEmpty();
        var office = generator.Accounts.ToDictionary(a => a.UserId, a => a.LoginName);
        var approvals = events.Where(e => e.Data is TripApproved).Select(e => (e.Pool, By: office[((TripApproved)e.Data).ApproverId])).ToList();

        approvals.Should().Contain(("420104", "qiaokou.office")).And.Contain(("420105", "hanyang.office")).And.Contain(("420105", "city.office"));
        approvals.Where(a => a.By.EndsWith(".office", StringComparison.Ordinal))
            .Should().OnlyContain(a => a.Pool == "420104" || a.Pool == "420105", "江岸 and 江汉 keep the default chain");
        events.Select(e => e.Data).OfType<ApprovalPolicyChanged>().Should().HaveCount(2);
    }

    [Fact]
    public void Every_command_of_the_tiny_city_is_one_the_domain_accepts()
    {
        var generator = new DemoCityGenerator(DemoCitySize.Tiny, Seed, FleetApp.Start, Zone);
        var events = generator.Generate().ToList();

        generator.Summary.Refusals.Should().BeEmpty("the generator plays users who only do what the pool allows");
        generator.Summary.Events.Should().Be(events.Count);
        events.Should().BeInAscendingOrder(e => e.At, "the history is written in the order it happened");
        events.Select(e => e.Data.GetType()).Distinct().Should().Contain([typeof(TripRejected), typeof(TripCancelled), typeof(TripDeclined),
            typeof(TripReassigned), typeof(TripStartOverdue), typeof(TripReturnOverdue), typeof(TripRated), typeof(TripClosed),
            typeof(MaintenanceCompleted), typeof(EmergencyTripReviewed)], "a month of a pool's life has all of these");
    }

    [Fact]
    public async Task Loads_at_first_start_with_signing_in_accounts_for_every_role_and_driver()
    {
        var me = await app.GetAs(FleetApp.Jiangan, Role.Driver, "/api/my/assignments");
        me.ValueKind.Should().Be(JsonValueKind.Array, "the pool's documented driver account drives one of its drivers");

        await using var session = app.Store.QuerySession();
        var vehicles = await session.Query<Vehicle>().Where(v => v.AnyTenant()).CountAsync();
        vehicles.Should().Be(DemoCitySize.Tiny.VehiclesOf(true) + 2 * DemoCitySize.Tiny.VehiclesOf(false));
        var drivers = await session.Query<Fleet.Domain.Drivers.Driver>().Where(d => d.AnyTenant()).ToListAsync();
        drivers.Should().OnlyContain(d => d.UserId != null, "every driver signs in to see their assignments");
        var trips = await session.Query<Trip>().Where(t => t.AnyTenant()).ToListAsync();
        trips.Should().Contain(t => t.Status == TripStatus.Closed).And.Contain(t => t.Details.Start > FleetApp.Start,
            "the history runs up to now and requests for the coming days are already in");

        // The audit trail tells each step as it happened: when, by whom, in which role, as part of which command.
        var closed = trips.First(t => t.Status == TripStatus.Closed && t.Pool == FleetApp.JianganPool && t.Assignment!.DriverId != null);
        var audit = (await app.GetAs(FleetApp.Jiangan, Role.Supervisor, $"/api/audit/streams/{closed.Id}")).EnumerateArray().ToList();
        var requested = audit.First();
        requested.GetProperty("type").GetString().Should().Be("trip_requested");
        requested.GetProperty("at").GetString().Should().Be(InstantText(audit[0].GetProperty("data").GetProperty("requestedAt").GetString()!));
        requested.GetProperty("roles").GetString().Should().Be(nameof(Role.Clerk));
        requested.GetProperty("loginName").GetString().Should().EndWith(".clerk");
        var start = audit.Single(e => e.GetProperty("type").GetString() == "trip_started");
        start.GetProperty("at").GetString().Should().Be(InstantText(start.GetProperty("data").GetProperty("at").GetString()!));
        start.GetProperty("roles").GetString().Should().Be(nameof(Role.Driver));
        string? Correlation(JsonElement e) => e.GetProperty("correlationId").GetString();
        Correlation(audit[1]).Should().Be(Correlation(requested), "the policy's answer is written by the same command as the request");
        Correlation(start).Should().NotBe(Correlation(requested), "the driver's departure is a command of its own");
    }

    [Fact]
    public async Task Every_loaded_event_is_sealed_and_the_audit_chain_verifies()
    {
        // The loader writes its history in large batches, each sealed in its own transaction like any command's events. A
        // batch that lost a race leaves Marten's empty tombstones at the numbers it had taken, which nobody seals.
        const string unsealed = "select * from public.mt_events e where not exists (select 1 from public.fleet_audit_seals s where s.seq_id = e.seq_id)";
        Count($"select count(*) from ({unsealed}) x where type <> 'tombstone'")
            .Should().Be(0, Text($"select string_agg(type || ' ' || seq_id || ' ' || coalesce(correlation_id,'') || ' ' || timestamp, '; ') from ({unsealed} limit 10) x"));

        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(2));
        await AuditChainWatch.CaughtUpAsync(app.ConnectionString, within: TimeSpan.FromMinutes(2));

        var report = await app.GetAs(FleetApp.City, Role.Supervisor, "/api/audit/verify");
        report.GetProperty("intact").GetBoolean().Should().BeTrue(report.ToString());
        report.GetProperty("eventsChecked").GetInt64().Should().Be(Count("select count(*) from public.mt_events"), "every seal was checked");
        Count("select count(*) from public.fleet_audit_links where format not in (2, 3)").Should().Be(0, "every event was chained as sealed or vacant");
        Count("select count(*) from public.fleet_audit_links where chain = 'city' and format = 3")
            .Should().Be(Count("select count(*) from public.mt_events where type = 'tombstone'"), "only a tombstone is chained as vacant");
    }

    private string Text(string sql) => Convert.ToString(Scalar(sql), System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private long Count(string sql) => Convert.ToInt64(Scalar(sql), System.Globalization.CultureInfo.InvariantCulture);

    private object? Scalar(string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    private static string InstantText(string text) => NodaTime.Text.InstantPattern.ExtendedIso.Parse(text).Value.ToString();

    [Fact]
    public async Task No_car_and_no_driver_is_ever_booked_twice()
    {
        await using var session = app.Store.QuerySession();
        var trips = await session.Query<Trip>().Where(t => t.AnyTenant() && t.Assignment != null).ToListAsync();
        trips.Should().Contain(t => t.HoldsReservation).And.Contain(t => t.ReturnedAt != null);

        // What dispatch protects: the reservations trips hold now never overlap.
        var holding = trips.Where(t => t.HoldsReservation).Select(t => (t.Assignment!, t.Assignment!.Reserved)).ToList();
        Overlapping(holding, a => a.VehicleId).Should().BeEmpty();
        Overlapping(holding, a => a.DriverId).Should().BeEmpty();

        // What it means on the road: no car and no driver was ever out on two trips at once.
        var driven = trips.Where(t => t.StartedAt != null).Select(t => (t.Assignment!, new Interval(t.StartedAt!.Value, t.ReturnedAt ?? Instant.MaxValue)))
            .ToList();
        Overlapping(driven, a => a.VehicleId).Should().BeEmpty();
        Overlapping(driven, a => a.DriverId).Should().BeEmpty();
    }

    [Fact]
    public async Task Odometers_never_go_back_except_by_a_recorded_correction()
    {
        var events = await AllEventsAsync();
        var odometer = new Dictionary<Guid, long>();
        var problems = new List<string>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case OdometerRead read:
                    if (read.Reading.Metres < odometer.GetValueOrDefault(read.VehicleId)) problems.Add($"{e.Sequence}: reading below the last");
                    odometer[read.VehicleId] = read.Reading.Metres;
                    break;
                case OdometerCorrected corrected:
                    odometer[corrected.VehicleId] = corrected.To.Metres;
                    break;
                case TripStarted started:
                    if (started.OdometerOut.Metres < odometer.GetValueOrDefault(started.VehicleId)) problems.Add($"{e.Sequence}: departure below the last");
                    break;
                case TripFinished finished:
                    if (finished.OdometerIn.Metres < odometer.GetValueOrDefault(finished.VehicleId) &&
                        events.Any(x => x.Data is OdometerCorrected c && c.VehicleId == finished.VehicleId && x.Timestamp < e.Timestamp) is false)
                        problems.Add($"{e.Sequence}: return below the last");
                    break;
            }
        }

        events.OfType<IEvent>().Count(e => e.Data is TripFinished).Should().BeGreaterThan(100);
        problems.Should().BeEmpty();
    }

    /// <summary>
    /// The loader writes a batch of the history in one transaction, where a stream may be appended to several times: every
    /// record the server reads to decide (trips, cars, drivers, accounts, the dispatch registers) must still be what its
    /// events say, or the next command decides on a stale record.
    /// </summary>
    [Fact]
    public async Task Every_record_the_loader_wrote_is_what_its_events_say()
    {
        foreach (var pool in new[] { FleetApp.CityPool, FleetApp.JianganPool, FleetApp.JianghanPool })
        {
            await using var session = app.Store.QuerySession(pool);
            // Each pool's register (one stream id in every pool) holds the last number its stream issued, whatever was dispatched since.
            var register = await session.LoadAsync<DispatchRegister>(DispatchRegister.StreamId);
            var issued = (await session.Events.FetchStreamAsync(DispatchRegister.StreamId)).Select(e => e.Data).OfType<DispatchOrderIssued>()
                .Where(e => e.Number.Year == register!.Year).Max(e => e.Number.Sequence);
            register!.LastSequence.Should().Be(issued, $"the register of pool {pool}");
            await SameAsItsStream<CurrentApprovalPolicy>(session, [CurrentApprovalPolicy.StreamId]);
            await SameAsItsStream<Trip>(session, await session.Query<Trip>().Select(t => t.Id).ToListAsync());
            await SameAsItsStream<Vehicle>(session, await session.Query<Vehicle>().Select(v => v.Id).ToListAsync());
            await SameAsItsStream<Fleet.Domain.Drivers.Driver>(session, await session.Query<Fleet.Domain.Drivers.Driver>().Select(d => d.Id).ToListAsync());
        }
    }

    private static async Task SameAsItsStream<T>(IQuerySession session, IReadOnlyList<Guid> ids) where T : class
    {
        ids.Should().NotBeEmpty(typeof(T).Name);
        var json = FleetTime.ConfigureJson(new JsonSerializerOptions());
        foreach (var id in ids)
        {
            var stored = await session.LoadAsync<T>(id);
            var replayed = await session.Events.AggregateStreamAsync<T>(id);
            JsonSerializer.Serialize(stored, json).Should().Be(JsonSerializer.Serialize(replayed, json), $"{typeof(T).Name} {id}");
        }
    }

    [Fact]
    public async Task Every_driven_trip_has_a_dispatch_order_and_the_numbers_have_no_gaps()
    {
        await using var session = app.Store.QuerySession();
        var driven = await session.Query<Trip>()
            .Where(t => t.AnyTenant() && (t.Status == TripStatus.Closed || t.Status == TripStatus.Completed || t.Status == TripStatus.InProgress))
            .ToListAsync();
        driven.Should().NotBeEmpty().And.OnlyContain(t => t.Order != null && t.Assignment != null && t.OdometerOut != null);

        var issued = (await AllEventsAsync()).Select(e => e.Data).OfType<DispatchOrderIssued>().Select(e => e.Number).ToList();
        foreach (var register in issued.GroupBy(n => (n.Pool, n.Year)))
            register.Select(n => n.Sequence).Should().Equal(Enumerable.Range(1, register.Count()), $"the register of {register.Key}");
        driven.Select(t => t.Order!).Should().OnlyHaveUniqueItems().And.BeSubsetOf(issued);
    }

    [Fact]
    public async Task The_figures_of_the_views_add_up_to_the_trips_in_the_store()
    {
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(2));
        const string month = "2026-10";
        var october = new Interval(Zone.AtStartOfDay(new LocalDate(2026, 10, 1)).ToInstant(), Zone.AtStartOfDay(new LocalDate(2026, 11, 1)).ToInstant());
        var events = await AllEventsAsync();
        var started = events.Where(e => e.Data is TripStarted s && october.Contains(s.At)).ToDictionary(e => e.StreamId, e => (TripStarted)e.Data);
        var finished = events.Select(e => e.Data).OfType<TripFinished>().Where(f => started.ContainsKey(f.TripId)).ToList();

        var city = await app.GetAs(FleetApp.City, Role.Supervisor, $"/api/reports/city?period={month}");
        var pools = city.GetProperty("pools").EnumerateArray().ToList();
        pools.Should().HaveCount(3);
        city.GetProperty("city").GetProperty("trips").GetInt32().Should().Be(started.Count).And.Be(pools.Sum(p => p.GetProperty("trips").GetInt32()));
        city.GetProperty("city").GetProperty("distanceKm").GetDecimal().Should()
            .Be(finished.Sum(f => (f.OdometerIn - started[f.TripId].OdometerOut).Kilometres))
            .And.Be(pools.Sum(p => p.GetProperty("distanceKm").GetDecimal()));

        var ratings = 0;
        foreach (var prefix in new[] { FleetApp.City, FleetApp.Jiangan, FleetApp.Jianghan })
        {
            var report = await app.GetAs(prefix, Role.Supervisor, $"/api/reports/figures?period={month}");
            var totals = report.GetProperty("totals");
            var vehicles = report.GetProperty("vehicles").EnumerateArray().ToList();
            var units = report.GetProperty("units").EnumerateArray().ToList();
            totals.GetProperty("trips").GetInt32().Should().BeGreaterThan(0)
                .And.Be(vehicles.Sum(v => v.GetProperty("trips").GetInt32()))
                .And.Be(units.Sum(u => u.GetProperty("trips").GetInt32()));
            totals.GetProperty("distanceKm").GetDecimal().Should().Be(vehicles.Sum(v => v.GetProperty("distanceKm").GetDecimal()))
                .And.Be(units.Sum(u => u.GetProperty("distanceKm").GetDecimal()));
            totals.GetProperty("cost").GetDecimal().Should().Be(vehicles.Sum(v => v.GetProperty("cost").GetDecimal()))
                .And.Be(units.Sum(u => u.GetProperty("cost").GetDecimal()));
            ratings += totals.GetProperty("ratings").GetInt32();
        }

        ratings.Should().Be(events.Select(e => e.Data).OfType<TripRated>().Count(r => started.ContainsKey(r.TripId)));
    }

    [Fact]
    public async Task Every_logbook_line_is_at_its_trips_version()
    {
        await app.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(2));
        foreach (var pool in new[] { FleetApp.CityPool, FleetApp.JianganPool, FleetApp.JianghanPool })
        {
            await using var session = app.Store.QuerySession(pool);
            var lines = await session.Query<LogbookEntry>().ToListAsync();
            lines.Should().NotBeEmpty();
            // The checks of the track and of the records from outside are concluded on the trip's stream afterwards and are no line of the logbook.
            foreach (var line in lines)
                line.Version.Should().Be((await session.Events.FetchStreamAsync(line.Id)).Last(e => e.Data is not (TripTrackReconciled or Fleet.Domain.Records.TripRecordsChecked)).Version,
                    $"trip {line.Id}");
        }
    }

    /// <summary>
    /// A dispatcher who takes what Fleet offers first is never refused: for trips of every size, class and kind requested
    /// in the demo city, the first car with the first driver offered dispatch (that nothing offered means no pair would do
    /// is shown on random pools by the domain's own test).
    /// </summary>
    [Fact]
    public async Task The_first_car_and_driver_offered_for_a_trip_dispatch()
    {
        var random = new Random(Seed);
        string?[] classes = [null, null, "Sedan", "Mpv", "Minibus", "Special", "Bus"];
        var dispatched = 0;
        for (var i = 0; i < 45; i++)
        {
            var pool = new[] { FleetApp.City, FleetApp.Jiangan, FleetApp.Jianghan }[i % 3];
            var start = Zone.AtStrictly(FleetApp.Start.InZone(Zone).Date.PlusDays(2 + i / 3).At(new LocalTime(9 + random.Next(7), 0))).ToInstant();
            var wanted = classes[random.Next(classes.Length)];
            var withDriver = random.Next(6) != 0;
            var seats = wanted is null ? 60 : VehicleRegistration.SeatRange[Enum.Parse<VehicleClass>(wanted)].Max;
            var request = new TripBuilder().For("参加工作会议").Carrying(Math.Min(random.Next(1, 26), seats - (withDriver ? 1 : 0)), "张三").From("单位大门")
                .Between(start, start + Duration.FromHours(random.Next(1, 4))).InA(wanted);
            var requested = await app.RequestTripAsync(pool, withDriver ? request : request.SelfDriven());
            var tripId = requested.Id;
            static bool Approved(JsonElement trip) => string.Equals(trip.GetProperty("status").GetString(), nameof(TripStatus.Approved), StringComparison.OrdinalIgnoreCase);
            if (!Approved(requested.Requested) && !Approved(await requested.ApproveAsync()))
                continue; // the second level is another approver's

            var candidates = await app.GetAs(pool, Role.Dispatcher, $"/api/trips/{tripId}/candidates");
            var car = candidates.GetProperty("vehicles").EnumerateArray().FirstOrDefault(v => v.GetProperty("available").GetBoolean());
            if (car.ValueKind == JsonValueKind.Undefined) continue;

            var driver = candidates.GetProperty("drivers").EnumerateArray()
                .FirstOrDefault(d => d.GetProperty("available").GetBoolean() && d.GetProperty("licenceFits").GetBoolean());
            await app.PostAs(pool, Role.Dispatcher, $"/api/trips/{tripId}/dispatch", new
            {
                vehicleId = car.GetProperty("vehicleId").GetGuid(),
                driverId = withDriver ? driver.GetProperty("driverId").GetGuid() : (Guid?)null,
                classChangeReason = car.GetProperty("classFits").GetBoolean() ? null : "所需车型已派完，改派其他车型",
            });
            dispatched++;
        }

        dispatched.Should().BeGreaterThan(20);
    }

    private static List<string> Serialized(int seed)
    {
        var json = FleetTime.ConfigureJson(new JsonSerializerOptions());
        return new DemoCityGenerator(DemoCitySize.Tiny, seed, FleetApp.Start, Zone).Generate()
            .Select(e => $"{e.Pool} {e.StreamId} {e.At} {e.Actor} {e.CorrelationId} {e.Data.GetType().Name} {JsonSerializer.Serialize(e.Data, e.Data.GetType(), json)}")
            .ToList();
    }

    /// <summary>Every event of every pool in the order it happened.</summary>
    private async Task<IReadOnlyList<IEvent>> AllEventsAsync()
    {
        await using var session = app.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant()).ToListAsync();
        return events.OrderBy(e => e.Timestamp).ThenBy(e => e.Sequence).ToList();
    }

    private static List<string> Overlapping(List<(Assignment Assignment, Interval Time)> uses, Func<Assignment, Guid?> resource) =>
        uses.Where(u => resource(u.Assignment) is not null)
            .GroupBy(u => resource(u.Assignment)!.Value)
            .SelectMany(r => r.OrderBy(u => u.Time.Start).Zip(r.OrderBy(u => u.Time.Start).Skip(1))
                .Where(pair => pair.First.Time.End > pair.Second.Time.Start)
                .Select(pair => $"{r.Key}: {pair.First.Time} overlaps {pair.Second.Time}"))
            .ToList();
}
