using Fleet.Domain.Calendar;
using Fleet.Server.Calendar;
using Fleet.Domain.Organisations;
using Fleet.Domain.Positions.Reconciliation;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using Fleet.Projections.Terminals;
using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Infrastructure.Time;
using Fleet.Server.Positions.Store;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.Positions.Reconciliation;

/// <summary>
/// Check the local day <see cref="Day"/> of every car with a terminal, in every pool; or, when a car's late positions
/// reach a day already checked, of that car alone.
/// </summary>
public sealed record ReconcileDays(LocalDate Day, string? Pool = null, Guid? Vehicle = null);

public static class ReconcileDaysHandler
{
    /// <summary>A trip covers the day when its window comes this close to it: a trip from the evening before can run past midnight.</summary>
    private static readonly Duration Reach = Duration.FromDays(2);

    /// <summary>Statuses of trips that cover nothing: never driven and no longer going to be.</summary>
    private static readonly TripStatus[] CoverNothing = [TripStatus.Rejected, TripStatus.Cancelled, TripStatus.Requested];

    /// <summary>
    /// Appends <see cref="VehicleDayReconciled"/> to each car's stream, once per car-day, thresholds' version and track: the
    /// day's track and the night after it up to the overnight check, against the car's trips that were driven or are
    /// still approved. A car whose terminal was bound only after the day has no track of it and is left out.
    /// </summary>
    public static async Task Handle(ReconcileDays message, IDocumentStore store, CityMap cities, PositionReader positions, PositionSettings settings, IClock clock,
        DateTimeZone zone, CancellationToken cancellation)
    {
        // A city's pools, read with its own calendar from its own database; every city in turn in a province.
        if (message.Pool is { } one)
        {
            await using var city = store.QuerySession(one);
            await ReconcileAsync(message, city, [one], store, positions, settings, clock, zone, cancellation);
            return;
        }

        await store.ForEachCityAsync(cities, async city =>
        {
            var pools = (await city.Query<Organisation>().Where(o => o.InCity() && o.Code == o.Pool && !o.Closed).ToListAsync(cancellation))
                .Select(p => p.Code).ToList();
            if (pools.Count > 0) await ReconcileAsync(message, city, pools, store, positions, settings, clock, zone, cancellation);
        }, cancellation);
    }

    private static async Task ReconcileAsync(ReconcileDays message, IQuerySession city, IReadOnlyList<string> pools, IDocumentStore store,
        PositionReader positions, PositionSettings settings, IClock clock, DateTimeZone zone, CancellationToken cancellation)
    {
        var day = message.Day;
        var dayEnd = day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        // Rest days by the city's calendar; a year without one goes by Saturday and Sunday, as the calendar page warns.
        var calendar = await CalendarInForce.ForAsync(city, day.Year, day.Year, cancellation);
        bool IsRestDay(LocalDate d) => !calendar.IsWorkday(d, WorkingCalendar.MondayToFriday);
        foreach (var pool in pools)
        {
            await using var session = store.QuerySession(pool);
            var registrations = session.Query<TerminalRegistration>().Where(r => r.BoundAt < dayEnd);
            var cars = await (message.Vehicle is { } only ? registrations.Where(r => r.Id == only) : registrations).ToListAsync(cancellation);
            if (cars.Count == 0) continue;

            var policy = await ReconciliationPolicyInForce.CurrentAsync(session, cancellation);
            var sealings = await session.LoadAsync<HolidaySealings>(HolidaySealings.StreamId, cancellation) ?? HolidaySealings.None;
            var places = new ReconciliationPlaces(settings.BaseOf(pool), settings.CityAreaOrNone(), await ReconcileTripHandler.GeofencesAsync(session, cancellation));
            foreach (var car in cars)
            {
                var from = day.AtStartOfDayInZone(zone).ToInstant();
                var until = policy.OvernightCheckAfter(day, zone) + Duration.FromSeconds(1);
                var track = await positions.TrackAsync(pool, car.Id, new Interval(from, until > dayEnd ? until : dayEnd), cancellation);
                var mark = ReconciliationMark.OfDay(car.Id, day, policy.Version, track.Count);
                if (await session.LoadAsync<ReconciliationMark>(mark.Id, cancellation) is not null) continue;

                var trips = await TripsAsync(session, car.Id, from - Reach, until + Reach, cancellation);
                var check = (Instant now) => DayReconciliation.Check(car.Id, day, track.Select(ReconciliationTrack.PointOf), trips, places, policy, zone,
                    IsRestDay, now, sealings.Seals);

                // A car-day lost to another writer of the car's stream (a check of it at the same moment, an odometer
                // reading) is checked again on its own, so that one busy car does not send the whole day's run back.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await AppendOnceAsync(store, pool, car.Id, mark, check(clock.GetCurrentInstant()), cancellation);
                        break;
                    }
                    catch (Exception e) when (LostRaces.Lost(e) && attempt < 5)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellation);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Appends the car-day's check unless its mark is there, in a session of its own. Of two checks of one car-day at the
    /// same moment (two nodes at 03:00, a late recheck meeting the nightly run) the second's append is refused before its
    /// event is numbered, so no gap is left in the audit chain; checked again, it finds the first's mark and adds nothing.
    /// The mark is looked at again once the car's version is read: a check that committed in between is seen.
    /// </summary>
    private static async Task AppendOnceAsync(IDocumentStore store, string pool, Guid car, ReconciliationMark mark, VehicleDayReconciled check,
        CancellationToken cancellation)
    {
        await using var session = store.LightweightSession(pool);
        if (await session.LoadAsync<ReconciliationMark>(mark.Id, cancellation) is not null) return;
        var stream = await session.Events.FetchForWriting<Vehicle>(car, cancellation);
        if (await session.LoadAsync<ReconciliationMark>(mark.Id, cancellation) is not null) return;
        stream.AppendOne(check);
        session.Store(mark);
        await session.SaveChangesAsync(cancellation);
    }

    private static async Task<IReadOnlyList<TripFacts>> TripsAsync(IQuerySession session, Guid vehicle, Instant from, Instant to, CancellationToken cancellation) =>
        (await CoveringAsync(session, vehicle, from, to, cancellation)).Select(t => TripFacts.Of(t, terminalBound: true)).OfType<TripFacts>().ToList();

    /// <summary>The car's trips whose approved window meets [from, to) and that were driven or are still going to be.</summary>
    public static async Task<IReadOnlyList<Trip>> CoveringAsync(IQuerySession session, Guid vehicle, Instant from, Instant to, CancellationToken cancellation) =>
        (await session.Query<Trip>()
            .Where(t => t.Assignment!.VehicleId == vehicle && t.Details.Start < to && t.Details.End > from && !t.Status.IsOneOf(CoverNothing))
            .ToListAsync(cancellation)).OrderBy(t => t.Details.Start).ToList();
}

/// <summary>
/// Checks yesterday's car-days at <see cref="PositionSettings.DayCheckAt"/>, local time, once a day on every node: the
/// check's marks make the nodes' runs one.
/// </summary>
public sealed class DayReconciliationClock(IClock clock, DateTimeZone zone, PositionSettings settings, IServiceProvider services,
    ILogger<DayReconciliationClock> logger) : DailyClock(clock, zone, services, logger)
{
    protected override TimeSpan At => settings.DayCheckAt;

    /// <summary>At the check's time, the day that ended before the night now ending: yesterday's.</summary>
    protected override object MessageFor(LocalDate due) => new ReconcileDays(due.PlusDays(-1));
}
