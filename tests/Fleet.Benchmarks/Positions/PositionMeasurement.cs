using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Fleet.Benchmarks.Load;
using Fleet.Domain.People;
using Fleet.Domain.Positions;
using Fleet.Domain.Vehicles;
using Fleet.Jt808.Messages;
using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Positions;
using Fleet.Server.Positions.Gateway;
using Fleet.Server.Positions.Intake;
using Fleet.Server.Positions.Reconciliation;
using Fleet.Server.Positions.Store;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime;
using Wolverine;
using static Fleet.Benchmarks.LargePool;

namespace Fleet.Benchmarks.Positions;

/// <param name="Terminals">Terminals sending as fast as their acknowledgements allow, in the ingest runs.</param>
/// <param name="Batch">Fixes in each 0x0704 batch of the second ingest run.</param>
/// <param name="Rounds">Rounds of each ingest run and its floor.</param>
/// <param name="HoldTerminals">Terminals reporting once every ten seconds in the hold run.</param>
/// <param name="Cars">Cars of the pool the reads are measured on, each with a day of positions, one every ten seconds.</param>
internal sealed record PositionOptions(int Terminals = 512, int Seconds = 15, int Batch = 25, int HoldTerminals = 5_000, int HoldSeconds = 60,
    int Cars = 1_000, int Requests = 20, int Reconciliations = 1, int Rounds = 3, string? Output = null);

/// <summary>The server with the JT/T 808 gateway on a free loopback port; the day check is run by the measurement, not by the clock.</summary>
internal sealed class GatewayServer : FleetApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Positions:Gateway:Port"] = "0",
        ["Fleet:Positions:Gateway:Host"] = "127.0.0.1",
        ["Fleet:Positions:DayCheckAt"] = "23:59:00",
        // The terminals report the day before, so every fix is late and each car-day's recheck is queued, as deployed; it runs
        // after the measurement (a day's check is measured on its own), not in the middle of a later round.
        ["Fleet:Positions:LateCheckAfter"] = "01:00:00",
    };

    public IPEndPoint Gateway => Host.Services.GetRequiredService<Jt808Gateway>().LocalEndPoint;
}

/// <summary>
/// Positions end to end (issue 23), each against a floor measured in the same run on the same PostgreSQL (fsync on):
/// terminals over TCP through the gateway into the positions table against one binary COPY of the same rows; five
/// thousand terminals at one report every ten seconds, the backlog and the acknowledgements' latency; a trip's track, the
/// live map and a day's check of a 1,000-car pool against plain SQL reads of the same rows; and the bytes a position
/// takes on disk. The pool whose cars report through the gateway (江汉) is not the one the reads are measured on (江岸).
/// </summary>
internal static class PositionMeasurement
{
    private const string GatewayPool = "420103";

    /// <summary>The day the read pool's cars drove; the ingest and hold runs report for the day before.</summary>
    private static readonly LocalDate Day = new(2026, 11, 2);

    public static async Task<string> RunAsync(PositionOptions options)
    {
        await using var postgres = new BenchmarkPostgres();
        Environment.SetEnvironmentVariable(TestPostgres.EnvironmentVariable, postgres.Server.AdminConnectionString);
        EndpointTiming.UseRepositoryContentRoot();
        var app = new GatewayServer();
        await app.InitializeAsync();
        var report = new StringBuilder();
        try
        {
            report.AppendLine($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; embedded PostgreSQL " +
                              $"with fsync on; server, terminals and database on the same cores; open files allowed: {OpenFileLimit()}. " +
                              $"Load average at the start: {LoadAverage()}.");
            report.AppendLine();

            app.Clock.Reset(At(Day, 7));
            var readPool = options.Cars > 0 ? await RegisterAsync(app, options.Cars, 0, new Random(2026)) : null;
            var (trip, tripCar) = (Guid.Empty, Guid.Empty);
            if (readPool is not null)
            {
                await BindAsync(app, Pool, readPool.Cars.Select((c, i) => (c.Id, TerminalFleet.Number('B', i))).ToList());
                tripCar = readPool.Cars.First(c => c.Class == VehicleClass.Sedan).Id;
                trip = await DriveTripAsync(app, tripCar);
            }

            // From here on it is the night after the day, before its check.
            app.Clock.Reset(At(Day.PlusDays(1), 2, 30));
            var gatewayCars = await RegisterAsync(app, Math.Max(options.Terminals, options.HoldTerminals), 0, new Random(2027), GatewayPool, 'H');
            var numbers = gatewayCars.Cars.Select((_, i) => TerminalFleet.Number('H', i)).ToList();
            await BindAsync(app, GatewayPool, gatewayCars.Cars.Select((c, i) => (c.Id, numbers[i])).ToList());
            await TerminalFleet.IssueCodesAsync(app, numbers);

            report.AppendLine("### Ingest through the gateway against COPY of the same rows");
            report.AppendLine();
            report.AppendLine("| round | run | positions | seconds | positions/s | ratio to the floor | ack p50 ms | ack p99 ms | positions a COPY | " +
                              "this process, µs of processor a position | PostgreSQL, µs a position |");
            report.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            var carOf = numbers.Select((n, i) => (n, gatewayCars.Cars[i].Id)).ToDictionary(p => p.n, p => p.Id);
            foreach (var batch in new[] { 1, options.Batch })
                report.Append(await IngestAsync(app, postgres, numbers.Take(options.Terminals).ToList(), carOf, batch, options.Seconds, options.Rounds));
            report.AppendLine();
            report.AppendLine($"Load average after the ingest runs: {LoadAverage()}.");
            report.AppendLine();

            // Either of the runs below can be left out (0 terminals, 0 cars) while the ingest is worked on.
            if (options.HoldTerminals > 0)
            {
                report.AppendLine($"### {options.HoldTerminals:N0} terminals, one report every ten seconds, for {options.HoldSeconds} s");
                report.AppendLine();
                report.AppendLine(await HoldAsync(app, numbers.Take(options.HoldTerminals).ToList(), options.HoldSeconds));
            }

            if (readPool is not null)
            {
                report.AppendLine($"### Reads on a pool of {options.Cars:N0} cars with a day of positions");
                report.AppendLine();
                report.AppendLine(await LoadDayAsync(app, readPool));
                report.AppendLine(await ReadsAsync(app, readPool, trip, tripCar, options));
            }

            report.AppendLine($"Load average at the end: {LoadAverage()}.");

            var text = report.ToString();
            Console.WriteLine(text);
            if (options.Output is { } output)
            {
                await File.WriteAllTextAsync(output, text);
                Console.WriteLine($"Written to {output}");
            }

            return text;
        }
        finally
        {
            await app.DisposeAsync();
            Environment.SetEnvironmentVariable(TestPostgres.EnvironmentVariable, null);
        }
    }

    /// <summary>Fits each car with its terminal as of now, as the fleet admin's command would, one session per thousand cars.</summary>
    private static async Task BindAsync(FleetApp app, string pool, IReadOnlyList<(Guid Car, string Terminal)> fittings)
    {
        var now = app.Clock.GetCurrentInstant();
        foreach (var chunk in fittings.Chunk(1_000))
        {
            await using var session = app.Store.LightweightSession(pool);
            foreach (var (car, terminal) in chunk) session.Events.Append(car, new TerminalBound(car, terminal, null, "BENCH", Guid.Empty, now));
            await session.SaveChangesAsync();
        }
    }

    /// <summary>A trip on the day, 09:55 to 11:50, driven with the car whose track is read.</summary>
    private static async Task<Guid> DriveTripAsync(FleetApp app, Guid car)
    {
        var driver = await app.AccountDriverAsync(FleetApp.Jiangan);
        var trip = await app.DispatchedTripAsync(FleetApp.Jiangan, car, driver, new TripBuilder().On(Day, 10, 12));
        await trip.DriveAsync(12_000m, 12_090m, At(Day, 9, 55), At(Day, 11, 50));
        return trip.Id;
    }

    /// <summary>
    /// Rounds of the terminals sending for <paramref name="seconds"/>, each its next report (or batch) as soon as the last was
    /// acknowledged, then the same rows copied three ways, each a floor of its own: in one binary COPY sorted by car and time
    /// (each row just after the last one in the primary key: the fastest order there is, and the target's floor); in one
    /// COPY in the order the reports arrived; and in that order in COPYs of the size the gateway's batches had, each with
    /// its commit, by as many sessions as the gateway has writers (what PostgreSQL alone does when every report is stored
    /// before it is acknowledged). Each run on an empty partition after a checkpoint. The floor moves by a third from one
    /// COPY to the next on this machine, so the rounds' ratios are shown each and as their median.
    /// </summary>
    private static async Task<string> IngestAsync(GatewayServer app, BenchmarkPostgres postgres, IReadOnlyList<string> numbers,
        IReadOnlyDictionary<string, Guid> carOf, int batch, int seconds, int rounds)
    {
        var postmaster = postgres.PostmasterId;
        var start = At(Day.PlusDays(-1), 0);
        // Each round sends fixes no earlier round sent: terminal i's k-th fix is the same whenever it is asked for.
        var next = new int[numbers.Count];
        var what = batch == 1 ? "0x0200, one position a report" : $"0x0704, {batch} positions a batch";
        var text = new StringBuilder();
        var ratios = new List<double>();
        var arrivalRatios = new List<double>();
        var batchedRatios = new List<double>();
        await ForgetGatewayRowsAsync(app);
        var batches = app.Host.Services.GetRequiredService<PositionBatches>();
        var writer = app.Host.Services.GetRequiredService<PositionWriter>();
        var writers = app.Host.Services.GetRequiredService<PositionSettings>().Gateway.Writers;
        await using var fleet = await TerminalFleet.ConnectAsync(app.Gateway, numbers);
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"Ingest, round {round} of {rounds}: {numbers.Count} terminals, {what}, {seconds} s …");
            var writtenBefore = batches.Written;
            var run = await SendAsync(fleet, postgres, start, next, batch, seconds);
            var written = batches.Written;
            var perBatch = (written.Positions - writtenBefore.Positions) / (double)Math.Max(1, written.Batches - writtenBefore.Batches);
            var stored = await CountAsync(app);
            if (stored != run.Acknowledged) throw new InvalidOperationException($"{run.Acknowledged} positions were acknowledged but {stored} stored.");
            await ForgetGatewayRowsAsync(app);

            // The rows of each report as it was sent; a report is sent once its terminal's last one was acknowledged.
            var arrived = run.Reports.OrderBy(r => r.SentAt).Select(r => Enumerable.Range(r.First, batch)
                .Select(k => Row(app, numbers[r.Terminal], carOf[numbers[r.Terminal]], TerminalFleet.Fix(start, r.Terminal, k))).ToArray()).ToList();
            var inArrivalOrder = arrived.SelectMany(r => r).ToList();
            var sorted = inArrivalOrder.OrderBy(r => r.Position.Terminal, StringComparer.Ordinal).ThenBy(r => r.Position.At).ToList();
            var inBatches = BatchesOf(arrived, (int)Math.Round(perBatch));

            var floor = await FloorAsync("the floor: one COPY of the same rows, sorted by car and time", () => writer.WriteAsync(sorted, CancellationToken.None));
            var arrival = await FloorAsync("one COPY in the order the reports arrived", () => writer.WriteAsync(inArrivalOrder, CancellationToken.None));
            var batched = await FloorAsync($"COPYs of {perBatch:N0} in that order, {writers} sessions", () => CopyInBatchesAsync(writer, inBatches, writers));

            var rate = stored / run.Elapsed.TotalSeconds;
            ratios.Add(rate / floor.Rate);
            arrivalRatios.Add(rate / arrival.Rate);
            batchedRatios.Add(rate / batched.Rate);
            Console.WriteLine($"  {stored:N0} stored at {rate:N0}/s; the floor {floor.Rate:N0}/s, in arrival order {arrival.Rate:N0}/s, in batches {batched.Rate:N0}/s; " +
                              $"{run.Failures} answered failure");
            foreach (var (name, each) in new[] { ("the floor: one binary COPY of the same rows, sorted by car and time", floor),
                         ("one COPY of the same rows in the order the reports arrived", arrival),
                         ($"the same, in COPYs of {perBatch:N0} each with its commit, {writers} sessions at once", batched) })
                text.AppendLine($"| {round} | {name} | {stored:N0} | {each.Seconds:0.00} | {each.Rate:N0} | {each.Rate / floor.Rate:0.00} | | | | {Micros(each.Processor.Server, stored)} | {Micros(each.Processor.Database, stored)} |");
            text.AppendLine($"| {round} | {numbers.Count} terminals over TCP, {what}" +
                            $"{(run.Failures > 0 ? $" ({run.Failures} answered failure)" : "")}" +
                            $"{(run.EncodedLate > 0 ? $", {run.EncodedLate:N0} frames encoded during the run" : "")} | {stored:N0} | " +
                            $"{run.Elapsed.TotalSeconds:0.0} | {rate:N0} | **{rate / floor.Rate:0.00}** | {Percentile(run.Latencies, 0.50):0.0} | {Percentile(run.Latencies, 0.99):0.0} | {perBatch:N0} | {Micros(run.Processor.Server, stored)} | {Micros(run.Processor.Database, stored)} |");

            async Task<(double Rate, double Seconds, ProcessorTime Processor)> FloorAsync(string name, Func<Task<int>> copy)
            {
                Console.WriteLine($"  {name} …");
                await CheckpointAsync(postgres);
                var processorBefore = ProcessorTime.Now(postmaster, -1);
                var watch = Stopwatch.StartNew();
                var copied = await copy();
                watch.Stop();
                var processor = ProcessorTime.Now(postmaster, -1) - processorBefore;
                if (copied != stored || await CountAsync(app) != stored) throw new InvalidOperationException($"{name}: not the rows the terminals sent.");
                await ForgetGatewayRowsAsync(app);
                return (stored / watch.Elapsed.TotalSeconds, watch.Elapsed.TotalSeconds, processor);
            }
        }

        text.AppendLine($"| | {what}: median of the {rounds} rounds' ratios to the floor (lowest – highest) | | | | **{Median.Of(ratios):0.00}** ({ratios.Min():0.00} – {ratios.Max():0.00}) | | | | | |");
        text.AppendLine($"| | the same against one COPY in the order the reports arrived | | | | {Median.Of(arrivalRatios):0.00} ({arrivalRatios.Min():0.00} – {arrivalRatios.Max():0.00}) | | | | | |");
        text.AppendLine($"| | the same against the COPYs in the gateway's batch sizes | | | | {Median.Of(batchedRatios):0.00} ({batchedRatios.Min():0.00} – {batchedRatios.Max():0.00}) | | | | | |");
        return text.ToString();
    }

    /// <summary>The batches in order, each its own COPY and commit, by <paramref name="sessions"/> at once, as the gateway's writers write them.</summary>
    private static async Task<int> CopyInBatchesAsync(PositionWriter writer, IEnumerable<List<VehiclePosition>> batches, int sessions)
    {
        var queue = new ConcurrentQueue<List<VehiclePosition>>(batches);
        var copied = await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => Task.Run(async () =>
        {
            var count = 0;
            while (queue.TryDequeue(out var rows)) count += await writer.WriteAsync(rows, CancellationToken.None);
            return count;
        })));
        return copied.Sum();
    }

    /// <summary>The reports in order, gathered into batches of about <paramref name="size"/> positions, a report never split, as the gateway's writers take them.</summary>
    private static List<List<VehiclePosition>> BatchesOf(IEnumerable<VehiclePosition[]> reports, int size)
    {
        var all = new List<List<VehiclePosition>> { new() };
        foreach (var report in reports)
        {
            if (all[^1].Count >= size) all.Add([]);
            all[^1].AddRange(report);
        }

        return all;
    }

    private sealed record SendRun(long Acknowledged, TimeSpan Elapsed, IReadOnlyList<double> Latencies, int Failures, int EncodedLate, ProcessorTime Processor,
        IReadOnlyCollection<SentReport> Reports);

    /// <summary>A report acknowledged: its terminal, its first fix, and when it was sent (a <see cref="Stopwatch"/> timestamp).</summary>
    private readonly record struct SentReport(int Terminal, int First, long SentAt);

    /// <summary>Each measured run starts right after a checkpoint, so that neither writes out the pages the other left dirty.</summary>
    private static Task CheckpointAsync(BenchmarkPostgres postgres) => BenchmarkPostgres.ExecuteAsync(postgres.Server.AdminConnectionString, "checkpoint");

    /// <summary>
    /// Every terminal sends its fixes from <paramref name="next"/> on for <paramref name="seconds"/>, each frame as soon as the
    /// last was acknowledged, and leaves <paramref name="next"/> at the first fix not acknowledged.
    /// </summary>
    private static async Task<SendRun> SendAsync(TerminalFleet fleet, BenchmarkPostgres postgres, Instant start, int[] next, int batch, int seconds)
    {
        // A terminal is a device of its own: its frames are encoded before the clock starts, so that the cores measured
        // spend on the gateway and PostgreSQL, not on the simulated terminals' encoding. Enough frames for a rate well
        // above the runs so far; a terminal that runs out encodes the rest as it goes, and the report counts those.
        var preparedRate = batch == 1 ? 50_000 : 500_000;
        var clients = fleet.Clients;
        var perTerminal = (int)Math.Ceiling(preparedRate * (double)seconds / clients.Count / batch);
        var prepared = clients.Select((client, i) => Enumerable.Range(0, perTerminal)
            .Select(f => client.Prepare(Message(i, next[i] + f * batch))).ToArray()).ToArray();
        Console.WriteLine($"  {perTerminal * clients.Count:N0} frames prepared; sending …");
        await CheckpointAsync(postgres);
        var processorBefore = ProcessorTime.Now(postgres.PostmasterId, -1);

        var latencies = new ConcurrentBag<double>();
        var reports = new ConcurrentQueue<SentReport>();
        var failures = 0;
        var encodedLate = 0;
        var acknowledged = 0L;
        var watch = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(clients.Select((client, i) => Task.Run(async () =>
        {
            var f = 0;
            while (watch.Elapsed < until)
            {
                var asked = Stopwatch.GetTimestamp();
                if (f >= perTerminal) Interlocked.Increment(ref encodedLate);
                var result = await client.AskPreparedAsync(f < perTerminal ? prepared[i][f] : client.Prepare(Message(i, next[i] + f * batch)));

                latencies.Add(Stopwatch.GetElapsedTime(asked).TotalMilliseconds);
                if (result == ReplyResult.Ok)
                {
                    reports.Enqueue(new SentReport(i, next[i] + f * batch, asked));
                    f++;
                }
                else Interlocked.Increment(ref failures);
            }

            next[i] += f * batch;
            Interlocked.Add(ref acknowledged, f * batch);
        })));
        watch.Stop();
        var processor = ProcessorTime.Now(postgres.PostmasterId, -1) - processorBefore;
        if (encodedLate > 0) Console.WriteLine($"  {encodedLate:N0} frames were encoded during the run: the terminals ran out of prepared ones");
        return new SendRun(acknowledged, watch.Elapsed, latencies.Order().ToList(), failures, encodedLate, processor, reports);

        Fleet.Jt808.Messages.Jt808Message Message(int terminal, int k) => batch == 1
            ? new LocationReport(TerminalFleet.Fix(start, terminal, k))
            : new LocationBatch(0, Enumerable.Range(k, batch).Select(n => TerminalFleet.Fix(start, terminal, n)).ToList());
    }

    private static string Micros(double seconds, long positions) => (seconds * 1e6 / positions).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Every terminal reports once every ten seconds at a moment of its own within them, for <paramref name="seconds"/>;
    /// once a second the rows stored are counted against the reports sent. "Late" is how long after its moment a report
    /// went, which shows a backlog the terminals would hold rather than the gateway.
    /// </summary>
    private static async Task<string> HoldAsync(GatewayServer app, IReadOnlyList<string> numbers, int seconds)
    {
        var start = At(Day.PlusDays(-1), 0);
        Console.WriteLine($"Hold: connecting {numbers.Count:N0} terminals …");
        var connecting = Stopwatch.StartNew();
        await using var fleet = await TerminalFleet.ConnectAsync(app.Gateway, numbers);
        connecting.Stop();
        Console.WriteLine($"  connected and authenticated in {connecting.Elapsed.TotalSeconds:0.0} s; reporting for {seconds} s …");

        var sent = 0L;
        var failures = 0;
        var latencies = new ConcurrentBag<double>();
        var lateness = new ConcurrentBag<double>();
        var period = TimeSpan.FromSeconds(10);
        var random = new Random(5);
        var phases = numbers.Select(_ => TimeSpan.FromMilliseconds(random.Next(10_000))).ToList();
        var watch = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        var terminals = Task.WhenAll(fleet.Clients.Select((client, i) => Task.Run(async () =>
        {
            for (var k = 0; ; k++)
            {
                var due = phases[i] + k * period;
                if (due >= until) return;
                if (due > watch.Elapsed) await Task.Delay(due - watch.Elapsed);
                lateness.Add((watch.Elapsed - due).TotalMilliseconds);
                Interlocked.Increment(ref sent);
                var asked = Stopwatch.GetTimestamp();
                var result = await client.ReportAsync(TerminalFleet.Fix(start, i, k));
                latencies.Add(Stopwatch.GetElapsedTime(asked).TotalMilliseconds);
                if (result != ReplyResult.Ok) Interlocked.Increment(ref failures);
            }
        })));

        var backlogs = new List<(double At, long Backlog)>();
        while (!terminals.IsCompleted && watch.Elapsed < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            // Counted before the reports sent are read: every row counted was sent by then, so the backlog is never below zero.
            var stored = await CountAsync(app);
            backlogs.Add((watch.Elapsed.TotalSeconds, Interlocked.Read(ref sent) - stored));
        }

        // The schedule is over: how long until every report sent is stored.
        var ended = watch.Elapsed;
        long total, left;
        do
        {
            total = Interlocked.Read(ref sent);
            left = total - await CountAsync(app);
            if (left > 0) await Task.Delay(100);
        } while (left > 0 || !terminals.IsCompleted);

        var drained = watch.Elapsed - ended;
        await terminals;
        await ForgetGatewayRowsAsync(app);
        var acks = latencies.Order().ToList();
        var late = lateness.Order().ToList();
        var tail = backlogs.Where(b => b.At > 10).Select(b => (double)b.Backlog).DefaultIfEmpty(0).Order().ToList();
        var text = new StringBuilder();
        text.AppendLine($"{numbers.Count:N0} connections opened and authenticated in {connecting.Elapsed.TotalSeconds:0.0} s (32 at a time). " +
                        $"{total:N0} reports sent in {seconds} s ({total / (double)seconds:N0}/s), {failures} answered failure.");
        text.AppendLine();
        text.AppendLine("| measure | p50 | p99 | max |");
        text.AppendLine("|---|---:|---:|---:|");
        text.AppendLine($"| acknowledgement, ms | {Percentile(acks, 0.5):0.0} | {Percentile(acks, 0.99):0.0} | {acks.LastOrDefault():0.0} |");
        text.AppendLine($"| report sent late against its schedule, ms | {Percentile(late, 0.5):0.0} | {Percentile(late, 0.99):0.0} | {late.LastOrDefault():0.0} |");
        text.AppendLine($"| backlog (sent − stored), once a second after the first 10 s | {Percentile(tail, 0.5):N0} | {Percentile(tail, 0.99):N0} | {tail[^1]:N0} |");
        text.AppendLine();
        text.AppendLine($"The backlog each second: {string.Join(", ", backlogs.Select(b => b.Backlog))}. " +
                        $"Every report sent was stored {drained.TotalSeconds:0.00} s after the schedule ended. Load average: {LoadAverage()}.");
        Console.WriteLine(text);
        return text.ToString();
    }

    /// <summary>
    /// Each car of the read pool reports every ten seconds for the whole day, written with binary COPY in chunks; then
    /// <c>vacuum analyze</c>, as autovacuum would. Answers the storage per position, and what the retention bounds it to.
    /// </summary>
    private static async Task<string> LoadDayAsync(FleetApp app, LargePool pool)
    {
        Console.WriteLine($"Writing a day of positions for {pool.Cars.Count:N0} cars …");
        var writer = app.Host.Services.GetRequiredService<PositionWriter>();
        var start = At(Day, 0);
        var received = app.Clock.GetCurrentInstant();
        var watch = Stopwatch.StartNew();
        var rows = 0L;
        foreach (var chunk in pool.Cars.Select((car, i) => (car, i)).Chunk(25))
        {
            var positions = chunk.SelectMany(c => Enumerable.Range(0, 8_640)
                .Select(k => new VehiclePosition(c.car.Id, Pool, Position(TerminalFleet.Number('B', c.i), TerminalFleet.Fix(start, c.i, 10 * k) with
                {
                    Time = start + Duration.FromSeconds(10 * k),
                }, received)))).ToList();
            rows += await writer.WriteAsync(positions, CancellationToken.None);
        }

        watch.Stop();
        await VacuumAsync(app);
        var bytes = await BenchmarkPostgres.ScalarAsync<long>(app.ConnectionString,
            $"select pg_total_relation_size('{app.Store.Options.DatabaseSchemaName}.fleet_positions_p{Day:yyyyMMdd}')");
        var table = await BenchmarkPostgres.ScalarAsync<long>(app.ConnectionString,
            $"select pg_relation_size('{app.Store.Options.DatabaseSchemaName}.fleet_positions_p{Day:yyyyMMdd}')");
        var perPosition = bytes / (double)rows;
        var settings = app.Host.Services.GetRequiredService<Fleet.Server.Positions.PositionSettings>();
        var perDay = 1_000 * 8_640 * perPosition;
        return $"{rows:N0} positions written in {watch.Elapsed.TotalSeconds:0.0} s ({rows / watch.Elapsed.TotalSeconds:N0}/s, binary COPY of " +
               $"{25 * 8_640:N0} rows at a time through `PositionWriter`).{Environment.NewLine}{Environment.NewLine}" +
               $"**Storage**: the day's partition takes {bytes / (1024d * 1024):N0} MiB with its primary key ({table / (1024d * 1024):N0} MiB the rows alone): " +
               $"**{perPosition:0.0} bytes a position** ({table / (double)rows:0.0} for the row, {(bytes - table) / (double)rows:0.0} for the index). " +
               $"A pool of 1,000 cars reporting every ten seconds day and night writes 8.64 million positions a day, {perDay / (1L << 30):0.00} GiB; " +
               $"`Fleet:Positions:RetainDays` = {settings.RetainDays} (the default) bounds it to {perDay * settings.RetainDays / (1L << 40):0.00} TiB " +
               $"(90 days: {perDay * 90 / (1L << 30):N0} GiB).{Environment.NewLine}";
    }

    /// <summary>
    /// Each read through the whole server against the plain SQL of the same rows, interleaved; the day's check (every car
    /// of the pool, its track and trips) against reading every car's track of that day alone.
    /// </summary>
    private static async Task<string> ReadsAsync(FleetApp app, LargePool pool, Guid trip, Guid car, PositionOptions options)
    {
        var schema = app.Store.Options.DatabaseSchemaName;
        var trackSql = $"""
            select terminal, at, received_at, lat, lon, altitude, speed, direction, alarm, status, mileage, fuel
            from {schema}.fleet_positions where vehicle = $1 and at >= $2 and at < $3 and pool = $4 order by at
            """;
        var liveSql = $"""
            select car.vehicle, newest.* from unnest($1::uuid[]) car (vehicle) cross join lateral (
                select terminal, at, received_at, lat, lon, altitude, speed, direction, alarm, status, mileage, fuel
                from {schema}.fleet_positions where vehicle = car.vehicle and at >= $2 and pool = $3 order by at desc limit 1) newest
            """;
        var now = app.Clock.GetCurrentInstant();
        var cars = pool.Cars.Select(c => c.Id).ToArray();
        // The server's own data source, which maps NodaTime's types as Fleet's reader does.
        await using var connection = await app.Host.Services.GetRequiredService<FleetDatabase>().DataSource.OpenConnectionAsync();

        var rows = new Dictionary<string, List<double>>
        {
            ["trip track floor"] = [], ["trip track"] = [], ["live floor"] = [], ["live map"] = [],
        };
        var counts = (Track: 0, Live: 0);
        Console.WriteLine($"Reads: {options.Requests} of each, interleaved …");
        for (var i = -3; i < options.Requests; i++)
        {
            var watch = Stopwatch.StartNew();
            counts.Track = await ReadAllAsync(connection, trackSql, car, At(Day, 9, 55), At(Day, 11, 50), Pool);
            Keep("trip track floor");
            await EndpointTiming.TimeAsync(app, FleetApp.Jiangan, Role.Dispatcher, $"/api/trips/{trip}/track");
            Keep("trip track");
            counts.Live = await ReadAllAsync(connection, liveSql, cars, now - Duration.FromDays(1), Pool);
            Keep("live floor");
            await EndpointTiming.TimeAsync(app, FleetApp.Jiangan, Role.Supervisor, $"/api/pools/{Pool}/live");
            Keep("live map");

            void Keep(string name)
            {
                if (i >= 0) rows[name].Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
            }
        }

        var text = new StringBuilder();
        text.AppendLine($"A trip's track ({counts.Track:N0} positions, 09:55–11:50, asked by the pool's dispatcher; each look is recorded):");
        text.AppendLine();
        text.AppendLine(EndpointTiming.Table(options.Requests, [("plain SQL of the same rows through Npgsql", rows["trip track floor"]),
            ("GET /api/trips/{id}/track", rows["trip track"])]));
        text.AppendLine($"The pool's live map ({counts.Live:N0} cars with a position in the last day, asked by the district's supervisor, who sees every car):");
        text.AppendLine();
        text.AppendLine(EndpointTiming.Table(options.Requests, [("plain SQL of the newest position of each car through Npgsql", rows["live floor"]),
            ($"GET /api/pools/{Pool}/live", rows["live map"])]));

        // The check appends its findings and a mark per car-day; the marks are removed before each run so that it checks again.
        var checks = new List<double>();
        var floors = new List<double>();
        var until = At(Day.PlusDays(1), 2) + Duration.FromSeconds(1);
        for (var run = 0; run < options.Reconciliations; run++)
        {
            Console.WriteLine($"Day check, run {run + 1} of {options.Reconciliations} …");
            var floor = Stopwatch.StartNew();
            foreach (var id in cars) await ReadAllAsync(connection, trackSql, id, At(Day, 0), until, Pool);
            floors.Add(floor.Elapsed.TotalMilliseconds);

            await app.Store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(ReconciliationMark));
            var check = Stopwatch.StartNew();
            using var scope = app.Host.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new ReconcileDays(Day), CancellationToken.None, TimeSpan.FromMinutes(30));
            checks.Add(check.Elapsed.TotalMilliseconds);
        }

        var checkedDays = await BenchmarkPostgres.ScalarAsync<long>(app.ConnectionString,
            $"select count(*) from {schema}.mt_events where type = 'vehicle_day_reconciled'");
        text.AppendLine($"A day's check of the pool ({cars.Length:N0} car-days a run, {checkedDays:N0} `vehicle_day_reconciled` events after " +
                        $"{options.Reconciliations} runs; the handler `ReconcileDays` through Wolverine):");
        text.AppendLine();
        text.AppendLine(EndpointTiming.Table(options.Reconciliations, [("every car's track of the day, plain SQL one car after the other", floors),
            ("ReconcileDays, the pool's day", checks)]));
        return text.ToString();
    }

    private static async Task<int> ReadAllAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            rows++;
        }

        return rows;
    }

    private static VehiclePosition Row(FleetApp app, string terminal, Guid car, Jt808Position fix) =>
        new(car, GatewayPool, Position(terminal, fix, app.Clock.GetCurrentInstant()));

    /// <summary>A fix as the gateway's sink hands it to the intake.</summary>
    private static Position Position(string terminal, Jt808Position p, Instant received) => new(terminal, p.Time, received, p.LatitudeMicrodegrees,
        p.LongitudeMicrodegrees, p.AltitudeMetres, p.SpeedTenthsKmh, p.Direction, p.Alarm, p.Status, p.MileageTenthsKm, p.FuelTenthsLitre);

    private static Task<long> CountAsync(FleetApp app) =>
        BenchmarkPostgres.ScalarAsync<long>(app.ConnectionString, $"select count(*) from {app.Store.Options.DatabaseSchemaName}.fleet_positions where pool = '{GatewayPool}'");

    /// <summary>
    /// Empties the day the gateway's terminals report for (no other pool's fixes fall on it), so that each run starts on
    /// an empty partition: a run after a delete and a vacuum would reuse the pages the last one extended the table by.
    /// </summary>
    private static Task ForgetGatewayRowsAsync(FleetApp app) => BenchmarkPostgres.ExecuteAsync(app.ConnectionString,
        $"truncate {app.Store.Options.DatabaseSchemaName}.fleet_positions_p{Day.PlusDays(-1):yyyyMMdd}");

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1))];

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string OpenFileLimit() =>
        File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files"))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] ?? "?";
}
