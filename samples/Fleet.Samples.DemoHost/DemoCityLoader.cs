using Fleet.Projections.Calendar;
using System.Diagnostics;
using Fleet.Samples.DemoCity;
using Fleet.Domain.Drivers;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Trips;
using Fleet.Server.Trips.Driving;
using Fleet.Domain.Positions;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Samples.DemoCity.Geography;
using Fleet.Samples.DemoCity.Tracks;
using Fleet.Server.Positions.Reconciliation;
using Fleet.Server.Positions.Store;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Samples.DemoHost;

/// <summary>
/// Writes a generated demo city into the event store as the server would have written it: each event on its
/// stream in its pool, stamped with the moment, the user and role and the command (correlation) it came from;
/// then the accounts' sign-ins, and the trip timers still due, handed to Wolverine like any other timer; last the tracks
/// of the last month's trips, written to the positions table as the gateway writes what terminals report.
/// </summary>
public sealed class DemoCityLoader(IDocumentStore store, CredentialStore credentials, PositionWriter positions, IServiceScopeFactory scopes,
    ILogger<DemoCityLoader> logger)
{
    /// <summary>Positions per COPY: a few seconds of the table's write speed, a few megabytes of memory.</summary>
    private const int PositionBatchSize = 20_000;

    /// <summary>Events per transaction: large enough to load a year in a minute, small enough for a modest server's memory.</summary>
    private const int BatchSize = 2_000;

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    public async Task<DemoSummary> LoadAsync(DemoCitySize size, int seed, Instant end, DateTimeZone zone, CancellationToken cancellation)
    {
        var generator = new DemoCityGenerator(size, seed, end, zone);
        var started = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        DemoProgress? progress = null;
        var streams = new HashSet<(string Pool, Guid Stream)>();
        var batch = new List<DemoEvent>(BatchSize);
        var tracks = new DemoTracks(WCityMap.Load(), zone, generator.TracksFrom, end);

        foreach (var e in generator.Generate(new Progress(p => progress = p)))
        {
            tracks.Observe(e);
            batch.Add(e);
            if (batch.Count < BatchSize) continue;
            await WriteAsync(batch, streams, cancellation);
            batch.Clear();
            if (progress is { } p && started.Elapsed - lastReport >= ProgressEvery)
            {
                lastReport = started.Elapsed;
                logger.LogInformation("Demo city {Size}: {Percent}% of the history written, up to {Day}, {Events:N0} events, {Seconds:N0} s",
                    size.Name, 100 * p.DaysDone / Math.Max(1, p.Days), p.Day.ToString("uuuu-MM-dd", null), generator.Summary.Events, started.Elapsed.TotalSeconds);
            }
        }

        await WriteAsync(batch, streams, cancellation);
        await CreateSignInsAsync(generator.Accounts, cancellation);
        await HandOverTimersAsync(generator.PendingTimers);
        var history = started.Elapsed;
        await WriteTracksAsync(tracks, generator.PaddedTrips, cancellation);
        logger.LogInformation("Demo city {Size}: tracks of {Trips:N0} trips written in {Seconds:N1} s", size.Name, tracks.Trips, (started.Elapsed - history).TotalSeconds);
        await CheckTracksAsync(tracks, generator.TracksFrom, end, zone);

        var summary = generator.Summary;
        logger.LogInformation(
            "Demo city {Size} (seed {Seed}) loaded in {Seconds:N0} s: {Pools} pools, {Units} units, {Users} accounts, {Vehicles} vehicles, {Drivers} drivers, " +
            "{Trips:N0} trips requested ({Finished:N0} driven), {Events:N0} events",
            size.Name, seed, started.Elapsed.TotalSeconds, summary.Pools, summary.Units, summary.Users, summary.Vehicles, summary.Drivers,
            summary.TripsRequested, summary.TripsFinished, summary.Events);
        return summary;
    }

    /// <summary>
    /// One transaction per pool in each batch. A stream is started where the generator first wrote to it and appended to
    /// after; every event keeps the moment, actor and correlation the generator gave it.
    /// </summary>
    /// <remarks>
    /// Every pool's dispatch register and approval policy live on one well-known stream id, told apart only by the pool
    /// (tenant). Appended to for several pools in one session, Marten's inline projections left one pool's register at
    /// the state of an earlier append, and the next dispatch reissued numbers: a pool's events go in a session of its own.
    /// The server runs while the history is written, and its own handlers may append to a stream of it (a trip just
    /// finished is checked); a pool's transaction that loses that race is written again, after them.
    /// </remarks>
    private async Task WriteAsync(List<DemoEvent> batch, HashSet<(string Pool, Guid Stream)> streams, CancellationToken cancellation)
    {
        foreach (var pool in batch.GroupBy(e => e.Pool))
        {
            for (var attempt = 1; ; attempt++)
            {
                var started = new HashSet<(string Pool, Guid Stream)>();
                try
                {
                    await WritePoolAsync(pool.Key, Runs(pool), streams, started, cancellation);
                    break;
                }
                catch (Exception race) when (LostRaces.Lost(race) && attempt < 5)
                {
                    // Nothing of the transaction was written: the streams it started are still to be started.
                    streams.ExceptWith(started);
                    logger.LogInformation("Demo city: the server wrote to a stream of pool {Pool} at the same moment; writing its batch again", pool.Key);
                }
            }
        }
    }

    private async Task WritePoolAsync(string pool, IEnumerable<List<DemoEvent>> runs, HashSet<(string Pool, Guid Stream)> streams,
        HashSet<(string Pool, Guid Stream)> started, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession(pool);
        foreach (var run in runs)
        {
            var first = run[0];
            var streamId = StreamId(first);
            var data = run.Select(e => e.Data).ToArray();
            var starts = streams.Add((first.Pool, streamId));
            if (starts) started.Add((first.Pool, streamId));
            var action = starts ? Start(session.Events, first.Stream, streamId, data) : session.Events.Append(streamId, data);

            var appended = action.Events.Skip(action.Events.Count - run.Count).ToList();
            for (var i = 0; i < run.Count; i++)
            {
                var source = run[i];
                var stored = appended[i];
                stored.Timestamp = source.At.ToDateTimeOffset();
                stored.CorrelationId = source.CorrelationId;
                if (source.Actor.UserId is { } userId) stored.UserName = userId.ToString();
                if (source.Actor.Roles is { } roles) stored.SetHeader(CommandSession.RoleHeader, roles);
            }
        }

        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>Consecutive events of one stream, which one append takes together.</summary>
    private static IEnumerable<List<DemoEvent>> Runs(IEnumerable<DemoEvent> batch)
    {
        var run = new List<DemoEvent>();
        foreach (var e in batch)
        {
            if (run.Count > 0 && (run[0].StreamId != e.StreamId || run[0].Stream != e.Stream))
            {
                yield return run;
                run = [];
            }

            run.Add(e);
        }

        if (run.Count > 0) yield return run;
    }

    private static Guid StreamId(DemoEvent e) => e.Stream switch
    {
        DemoStream.DispatchRegister => DispatchRegister.StreamId,
        DemoStream.ApprovalPolicy => CurrentApprovalPolicy.StreamId,
        _ => e.StreamId,
    };

    /// <summary>Streams are started with the aggregate type the server's own endpoints give them.</summary>
    private static global::JasperFx.Events.StreamAction Start(global::Marten.Events.IEventOperations events, DemoStream stream, Guid id, object[] data) =>
        stream switch
        {
            DemoStream.Organisation => events.StartStream<Organisation>(id, data),
            DemoStream.User => events.StartStream<User>(id, data),
            DemoStream.Driver => events.StartStream<Driver>(id, data),
            DemoStream.Trip => events.StartStream<Trip>(id, data),
            DemoStream.DispatchRegister => events.StartStream<DispatchRegister>(id, data),
            DemoStream.ApprovalPolicy => events.StartStream<CurrentApprovalPolicy>(id, data),
            DemoStream.Geofence => events.StartStream<GeofenceOutline>(id, data),
            DemoStream.CalendarYear => events.StartStream<PublishedCalendarYear>(id, data),
            DemoStream.RateCard => events.StartStream<Fleet.Domain.Settlement.RateCard>(id, data),
            DemoStream.Statement => events.StartStream<Fleet.Domain.Settlement.UnitStatement>(id, data),
            DemoStream.Card => events.StartStream<Fleet.Domain.Records.Card>(id, data),
            _ => events.StartStream(id, data),
        };

    /// <summary>The tracks in batches, each car's fixes as its terminal reported them live; the misuse named in the log for a tester.</summary>
    private async Task WriteTracksAsync(DemoTracks tracks, IReadOnlyCollection<Guid> padded, CancellationToken cancellation)
    {
        var batch = new List<VehiclePosition>(PositionBatchSize);
        var written = 0L;
        foreach (var (vehicle, pool, terminal, fix, mileage, alarm) in tracks.Plan(padded))
        {
            var status = DemoTracks.Positioned | (fix.Moving ? DemoTracks.IgnitionOn : 0);
            batch.Add(new VehiclePosition(vehicle, pool, new Position(terminal, fix.At, fix.At, (int)Math.Round(fix.Point.Latitude * 1_000_000),
                (int)Math.Round(fix.Point.Longitude * 1_000_000), 25, fix.Speed, fix.Direction, alarm, status, mileage)));
            if (batch.Count < PositionBatchSize) continue;
            written += await positions.WriteAsync(batch, cancellation);
            batch.Clear();
        }

        written += await positions.WriteAsync(batch, cancellation);
        logger.LogInformation("Demo city: {Positions:N0} positions of {Trips:N0} trips", written, tracks.Trips);
        foreach (var misuse in tracks.Misuses)
            logger.LogInformation("Demo city misuse: {Kind} by {Plate} at {At} ({Place})", misuse.Kind, misuse.Plate, misuse.At, misuse.Place);
    }

    /// <summary>
    /// Asks for the check of every tracked trip and of every car-day of the tracks' month, as the server asks for them
    /// when a trip finishes and each night: the history's trips finished before their tracks were written, so the checks
    /// the server asked for then found no track. The checks run in the background after the start.
    /// </summary>
    private async Task CheckTracksAsync(DemoTracks tracks, Instant from, Instant end, DateTimeZone zone)
    {
        await using var scope = scopes.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var (pool, trip) in tracks.Tracked) await bus.PublishAsync(new ReconcileTrip(pool, trip));
        for (var day = from.InZone(zone).Date; day < end.InZone(zone).Date; day = day.PlusDays(1)) await bus.PublishAsync(new ReconcileDays(day));
    }

    /// <summary>
    /// Every demo account signs in with the one published demo password, so one hash of it serves them all:
    /// hashing it for hundreds of accounts would only make the first start slow.
    /// </summary>
    private async Task CreateSignInsAsync(IReadOnlyList<DemoAccount> accounts, CancellationToken cancellation)
    {
        var hash = credentials.Hash(DemoCityGenerator.Password);
        await using var session = store.LightweightSession();
        foreach (var account in accounts) CredentialStore.CreateHashed(session, account.LoginName, account.UserId, account.Pool, hash);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>The timers of trips still open when the history ends, scheduled exactly as the endpoints schedule them.</summary>
    private async Task HandOverTimersAsync(IReadOnlyList<DemoTimer> timers)
    {
        if (timers.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var timer in timers)
        {
            object message = timer.Kind switch
            {
                DemoTimerKind.CheckTripStart => new CheckTripStart(timer.TripId, timer.Pool),
                DemoTimerKind.CheckTripReturn => new CheckTripReturn(timer.TripId, timer.Pool),
                _ => new CloseTripIfUnconfirmed(timer.TripId, timer.Pool),
            };
            await bus.ScheduleAsync(message, timer.Due.ToDateTimeOffset());
        }
    }

    private sealed class Progress(Action<DemoProgress> report) : IProgress<DemoProgress>
    {
        public void Report(DemoProgress value) => report(value);
    }
}
