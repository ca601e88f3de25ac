using Fleet.Domain.Records;
using Fleet.Domain.Trips;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Wolverine.Marten.Subscriptions;

namespace Fleet.Server.Records.Checking;

/// <summary>Check a finished trip's records from outside again, now that what was declared at its end is known.</summary>
public sealed record CheckTripRecords(string Pool, Guid TripId);

/// <summary>
/// Asks for each trip's records to be checked again when it is finished: records imported while it was under way were
/// held against nothing declared. The messages go out in the transaction that moves the subscription on, so a crash
/// repeats a page and never loses one; the check itself writes nothing twice. Finishes older than
/// <see cref="RecordRechecks.Within"/> are passed over.
/// </summary>
public sealed class TripRecordsFeed : BatchSubscription
{
    public const string Name = "TripRecordsCheck";

    private readonly IClock _clock;

    public TripRecordsFeed(IClock clock) : base(Name)
    {
        _clock = clock;
        IncludeType<TripFinished>();
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        IMessageBus bus, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        foreach (var e in page.Events.Where(e => e.Data is TripFinished finished && RecordRechecks.IsRecent(finished, now)).DistinctBy(e => (e.TenantId, e.StreamId)))
            await bus.PublishAsync(new CheckTripRecords(e.TenantId, e.StreamId));
    }
}

public static class CheckTripRecordsHandler
{
    /// <summary>
    /// Checks the records of the trip's car around it, with the trip as its stream tells it, and appends what the check
    /// found that the latest checks did not (<see cref="RecordRechecks.News"/>): <see cref="OutsideRecordChecked"/> on
    /// each such record's stream, <see cref="TripRecordsChecked"/> on each such trip's, as an import does. A trip without
    /// records of its car around it is not checked and nothing is stored; a repeated message finds nothing new.
    /// </summary>
    public static async Task Handle(CheckTripRecords message, IDocumentStore store, DateTimeZone zone, IClock clock, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession(message.Pool);
        // Loaded for writing: a command on the trip in between (the clerk confirming it) makes this check lose the race
        // cleanly and run again, rather than collide with it in the event store.
        var stream = await session.Events.FetchForWriting<Trip>(message.TripId, cancellation);
        if (stream.Aggregate is not { } trip) return;
        var history = (await session.Events.FetchStreamAsync(trip.Id, token: cancellation)).Select(e => e.Data).ToList();
        if (history.OfType<TripFinished>().LastOrDefault() is not { } finished || RecordRechecks.Finished(trip, finished) is not { } facts) return;

        var around = RecordRechecks.Around(facts, RecordRules.Default);
        // Those an earlier check put in the trip count too: under way, it reached to its planned end, later than its return.
        var ids = await session.Query<OutsideRecord>()
            .Where(r => r.VehicleId == facts.VehicleId && ((r.At >= around.Start && r.At <= around.End) || r.TripId == facts.Id))
            .Select(r => r.Id).ToListAsync(cancellation);
        if (ids.Count == 0) return;
        // Each record loaded for writing too: of two runs of the message at once, the second either finds the first's check
        // on the record or is refused at its commit and, run again, finds it; neither appends it twice.
        var streams = new Dictionary<Guid, IEventStream<OutsideRecord>>();
        foreach (var id in ids) streams[id] = await session.Events.FetchForWriting<OutsideRecord>(id, cancellation);
        var records = streams.Values.Select(s => s.Aggregate).OfType<OutsideRecord>().ToDictionary(r => r.Id);

        var check = await RecordChecking.CheckAsync(session, records.Values.Select(r => r.Facts).ToList(), facts, zone, clock.GetCurrentInstant(),
            cancellation);
        var latest = new Dictionary<Guid, TripRecordsChecked>();
        foreach (var checkedTrip in check.Trips)
        {
            var events = checkedTrip.TripId == trip.Id
                ? history
                : (await session.Events.FetchStreamAsync(checkedTrip.TripId, token: cancellation)).Select(e => e.Data);
            if (events.OfType<TripRecordsChecked>().LastOrDefault() is { } last) latest[checkedTrip.TripId] = last;
        }

        var news = RecordRechecks.News(check, records, latest);
        foreach (var record in news.Records) streams[record.RecordId].AppendOne(record);
        foreach (var checkedTrip in news.Trips)
            if (checkedTrip.TripId == trip.Id) stream.AppendOne(checkedTrip);
            else session.Events.Append(checkedTrip.TripId, checkedTrip);
        await session.SaveChangesAsync(cancellation);
    }
}
