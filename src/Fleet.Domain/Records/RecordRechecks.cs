using Fleet.Domain.Trips;
using NodaTime;

namespace Fleet.Domain.Records;

/// <summary>
/// A trip's records checked again when it is finished (docs/records.md): records imported while it was under way were
/// held against nothing declared. The trip as its own stream tells it, where its records are looked for, and which
/// results of the new check say something the latest check on their streams did not: a message delivered again finds
/// nothing new, and nothing is written twice.
/// </summary>
public static class RecordRechecks
{
    /// <summary>
    /// How long after a trip's finish it is still checked again. A finish read later than this (a history loaded at once,
    /// the feed replayed) had the imports after it check its records; checking it again would only read the store while
    /// that history is still being written.
    /// </summary>
    public static readonly Duration Within = Duration.FromDays(2);

    /// <summary>Whether the finish is recent enough, seen from <paramref name="now"/>, to check the trip's records again.</summary>
    public static bool IsRecent(TripFinished finished, Instant now) => now - finished.At <= Within;

    /// <summary>
    /// A finished trip as the checks read it, from its stream rather than its logbook line, which the daemon may not have
    /// brought up to its finish yet; none for a trip that never left.
    /// </summary>
    public static TripFacts? Finished(Trip trip, TripFinished finished) =>
        trip is { StartedAt: { } departed, OdometerOut: { } odometerOut }
            ? new TripFacts(trip.Id, finished.VehicleId, departed, finished.ReturnedAt, (finished.OdometerIn - odometerOut).Kilometres, true,
                finished.FuelLitres, finished.Tolls, finished.Parking)
            : null;

    /// <summary>Where a trip's records are looked for: from its departure to its return, with the margin on either side.</summary>
    public static Interval Around(TripFacts trip, RecordRules rules) => new(trip.DepartedAt - rules.Margin, trip.Until + rules.Margin);

    /// <summary>
    /// The results of <paramref name="check"/> that differ from the latest on their streams: a record's trip or findings
    /// (<paramref name="records"/> as their latest checks left them), a trip's records or findings
    /// (<paramref name="trips"/>: each trip's latest <see cref="TripRecordsChecked"/>, none when it was never checked).
    /// A trip's records are compared as a set: records of one moment come in no particular order.
    /// </summary>
    public static RecordCheck News(RecordCheck check, IReadOnlyDictionary<Guid, OutsideRecord> records, IReadOnlyDictionary<Guid, TripRecordsChecked> trips) =>
        new(check.Records.Where(c => records.GetValueOrDefault(c.RecordId) is not { Findings: { } findings } record
                                     || record.TripId != c.TripId || !findings.SequenceEqual(c.Findings)).ToList(),
            check.Trips.Where(c => trips.GetValueOrDefault(c.TripId) is not { } latest
                                   || !latest.Records.ToHashSet().SetEquals(c.Records) || !latest.Findings.SequenceEqual(c.Findings)).ToList());
}
