using Fleet.Domain.Trips;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using NodaTime;

namespace Fleet.Projections.Reports;

/// <summary>
/// Keeps <see cref="PeriodTotals"/> for every day, month and year of every pool, a page of events at a time: the
/// page's changes are gathered per pool and period, and each period touched is read and written once. What a
/// trip's later events do not say themselves (its car, driver, unit, departure) comes from the trips' documents,
/// which are kept inline and so already hold every event the daemon hands over. Local days are those of the zone
/// the projection is built with: changing the server's zone means rebuilding it.
/// </summary>
public sealed class PeriodTotalsProjection(DateTimeZone zone) : IProjection
{
    /// <summary>The name the daemon, the CLI and the progress table know it by, from before the totals were named for their periods.</summary>
    public const string Name = "LogbookTotals";

    /// <summary>Its documents keep the table they were first stored in (<c>mt_doc_logbooktotals</c>).</summary>
    public const string DocumentAlias = "logbooktotals";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var pool in events.Where(Counts).GroupBy(e => e.TenantId))
        {
            var tenant = operations.ForTenant(pool.Key);
            var tripIds = pool.Where(e => e.Data is not TripImported).Select(e => e.StreamId).Distinct().ToList();
            var trips = tripIds.Count == 0 ? new Dictionary<Guid, Trip>()
                : (await tenant.LoadManyAsync<Trip>(cancellation, tripIds)).ToDictionary(t => t.Id);

            var changes = pool.SelectMany(e => PeriodTotalling.Changes(e.Data, Facts(e.Data, trips.GetValueOrDefault(e.StreamId)), zone)).ToList();
            var periods = changes.Select(c => c.Period).Distinct().ToList();
            var totals = (await tenant.LoadManyAsync<PeriodTotals>(cancellation, periods)).ToDictionary(t => t.Id);
            foreach (var (period, change) in changes)
                change(totals.TryGetValue(period, out var existing) ? existing : totals[period] = new PeriodTotals { Id = period });

            tenant.Store(totals.Values.ToArray());
        }
    }

    private static bool Counts(IEvent e) => e.Data is TripStarted or TripFinished or TripRated or TripDisputed or TripImported;

    /// <summary>A trip that has not left has no figures yet.</summary>
    private static TripFacts? Facts(object e, Trip? trip) => (e, trip) switch
    {
        (TripStarted started, not null) => new TripFacts(started.VehicleId, trip.Assignment?.DriverId, trip.UnitCode, started.At, started.OdometerOut.Metres),
        (_, { StartedAt: { } departed, OdometerOut: { } odometer, Assignment: { } assignment }) =>
            new TripFacts(assignment.VehicleId, assignment.DriverId, trip.UnitCode, departed, odometer.Metres),
        _ => null,
    };
}
