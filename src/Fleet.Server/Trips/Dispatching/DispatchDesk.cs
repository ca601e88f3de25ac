using Fleet.Domain.Drivers;
using Fleet.Domain.Scheduling;
using Fleet.Domain.Trips;
using Fleet.Domain.Vehicles;
using JasperFx.Events;
using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.Trips.Dispatching;

/// <summary>
/// Where a pool's reservations change. Every dispatch and reassignment reads its trip, car and driver, then takes the
/// row lock of the pool's dispatch register and holds it until its transaction ends, so the reservations it reads
/// cannot change under it: a second dispatcher reaching for the same car waits, then sees the first one's reservation
/// and is told whose it is. Freeing a reservation (cancel, decline, un-dispatch) needs no lock: a dispatch that still
/// sees the old reservation only refuses too much, never too little. See docs/adr/004; before any of this, a dispatch
/// waits in memory for a turn at its pool's <see cref="DispatchQueue"/> (docs/adr/024).
/// </summary>
public static class DispatchDesk
{
    public static async Task<IEventStream<DispatchRegister>> LockAsync(IDocumentSession session, IDocumentStore store, string pool,
        IClock clock, CancellationToken cancellation)
    {
        // A missing stream has no row to lock, so the register is opened first, in a transaction of its own.
        if (await session.Events.FetchStreamStateAsync(DispatchRegister.StreamId, cancellation) is null)
            await OpenAsync(store, pool, clock, cancellation);

        return await session.Events.FetchForExclusiveWriting<DispatchRegister>(DispatchRegister.StreamId, cancellation);
    }

    private static async Task OpenAsync(IDocumentStore store, string pool, IClock clock, CancellationToken cancellation)
    {
        await using var opening = store.LightweightSession(pool);
        opening.Events.StartStream<DispatchRegister>(DispatchRegister.StreamId, new DispatchRegisterOpened(pool, clock.GetCurrentInstant()));
        try
        {
            await opening.SaveChangesAsync(cancellation);
        }
        catch (Exception race) when (LostRaces.Lost(race))
        {
            // Another dispatcher opened it a moment ago: that is all this wanted.
        }
    }

    /// <summary>
    /// Dispatch and reassignment alike, before the register's lock: the trip (for writing: a change to it meanwhile makes
    /// the save lose its race), and the car and driver — the ones it already has where the form leaves them out. Only
    /// the reservations need the lock, so that a dispatcher's reads do not hold every other dispatcher of the pool up.
    /// </summary>
    public static async Task<Outcome<Asked>> ReadAsync(IDocumentSession session, Guid id, AssignTripForm form, CancellationToken cancellation)
    {
        var trip = await session.Events.FetchForWriting<Trip>(id, cancellation);
        if (trip.Aggregate is not { } state) return Outcome<Asked>.Refused(TripStream.NotFound(id));

        var current = state.Assignment;
        var vehicleId = form.VehicleId ?? current?.VehicleId;
        if (vehicleId is null) return Outcome<Asked>.Refused(Problem.Required("vehicleId"));
        var (vehicle, driver, missing) = await CarAndDriverAsync(session, vehicleId.Value, form.DriverId ?? current?.DriverId, cancellation);
        if (missing is not null) return Outcome<Asked>.Refused(missing);
        return new Asked(trip, state, vehicle!, driver);
    }

    /// <summary>Once the caller holds the register's lock: the reservations in the way of the car and driver asked for, and the decision.</summary>
    public static async Task<Outcome<Trip>> AssignAsync(IDocumentSession session, Asked asked, DispatchSettings settings,
        Func<Trip, Vehicle, Driver?, IReadOnlyList<Reservation>, Decision> decide, CancellationToken cancellation)
    {
        var (stream, trip, vehicle, driver) = asked;
        var others = await ReservationsAsync(session, Reservations.For(trip.Details.Start, trip.Details.End, settings),
            vehicle.Id, driver?.Id, cancellation);
        var decision = decide(trip, vehicle, driver, others);
        if (!decision.IsAccepted) return Outcome<Trip>.Refused(decision.Problems);

        stream.AppendMany(decision.Events);
        return decision.Events.Aggregate(trip, (t, e) => t.Evolve(e));
    }

    /// <summary>A trip to assign, as read for writing, with the car and driver asked for.</summary>
    public sealed record Asked(IEventStream<Trip> Stream, Trip Trip, Vehicle Vehicle, Driver? Driver);

    private static async Task<(Vehicle? Vehicle, Driver? Driver, Problem? Missing)> CarAndDriverAsync(IQuerySession session, Guid vehicleId,
        Guid? driverId, CancellationToken cancellation)
    {
        var vehicle = await session.LoadAsync<Vehicle>(vehicleId, cancellation);
        if (vehicle is null) return (null, null, Problem.NotFound("vehicle.not_found", "There is no vehicle {0}.", vehicleId));
        if (driverId is not { } id) return (vehicle, null, null);

        var driver = await session.LoadAsync<Driver>(id, cancellation);
        return driver is null
            ? (vehicle, null, Problem.NotFound("driver.not_found", "There is no driver {0}.", id))
            : (vehicle, driver, null);
    }

    /// <summary>
    /// The reservations that could be in the way of [from, until): those overlapping it, and every trip under
    /// way, whose car is out until it is back whatever its plan said. Narrowed to one car and driver when given.
    /// </summary>
    /// <remarks>
    /// A pool holds a year of bookings, and an overlap is not something one ordered index can find: the pool's
    /// overlapping ones are found through the GiST index over each assignment's reserved range, the overrunning ones
    /// through the small index of trips under way (both in <c>TripMapping</c>); only the reservation's fields are read.
    /// </remarks>
    public static async Task<IReadOnlyList<Reservation>> ReservationsAsync(IQuerySession session, Interval wanted, Guid? vehicleId, Guid? driverId,
        CancellationToken cancellation)
    {
        var trips = DocumentTable.Of<Trip>(session);
        var (from, until) = (trips.Column(nameof(Assignment.ReservedFrom)), trips.Column(nameof(Assignment.ReservedUntil)));
        var (vehicle, driver) = (trips.Column(nameof(Assignment.VehicleId)), trips.Column(nameof(Assignment.DriverId)));
        (string Condition, object[] Values) narrow = (vehicleId, driverId) switch
        {
            ({ } v, { } d) => ($"and ({vehicle} = ? or {driver} = ?)", [v, d]),
            ({ } v, null) => ($"and {vehicle} = ?", [v]),
            (null, { } d) => ($"and {driver} = ?", [d]),
            _ => ("", []),
        };

        var fields = $"jsonb_build_object('tripId', id, 'order', data -> 'order', 'assignment', data -> 'assignment', " +
                     $"'inProgress', {TripMapping.Status} = '{TripStatus.InProgress}')";
        var start = wanted.Start.ToDateTimeOffset();
        var end = wanted.End.ToDateTimeOffset();
        // Word for word the reservation indexes' condition, so that PostgreSQL knows they hold every row this asks for.
        var open = TripMapping.Reserving;
        // One car's or driver's open bookings are few and found by their own partial indexes; written without the range, so
        // that the planner does not prefer the range index, which would visit every booking of the pool in the window.
        var held = await session.AdvancedSql.QueryAsync<HeldReservation>(narrow.Values.Length > 0
                ? $"""
                   select {fields} from {trips.Name}
                   where tenant_id = ? and {open} and {from} < ? and ({until} > ? or {TripMapping.Status} = '{TripStatus.InProgress}') {narrow.Condition}
                   """
                : $"""
                   select {fields} from {trips.Name}
                   where tenant_id = ? and {from} is not null and {TripMapping.ReservedRange} && tstzrange(?, ?) and {open}
                   union all
                   select {fields} from {trips.Name}
                   where tenant_id = ? and {TripMapping.Status} = '{TripStatus.InProgress}' and {from} < ? and {until} <= ?
                   """,
            cancellation, narrow.Values.Length > 0 ? [session.TenantId, end, start, .. narrow.Values] : [session.TenantId, start, end, session.TenantId, end, start]);
        return held.Select(t => new Reservation(t.TripId, t.Order!, t.Assignment!, t.InProgress)).ToList();
    }

    /// <summary>
    /// How many trips each car and each driver was sent on from <paramref name="since"/>: what the candidate list
    /// balances use by. Counted in the database, since a large pool has tens of thousands of such trips.
    /// </summary>
    public static async Task<(IReadOnlyDictionary<Guid, int> Vehicles, IReadOnlyDictionary<Guid, int> Drivers)> RecentUseAsync(
        IQuerySession session, Instant since, CancellationToken cancellation)
    {
        var trips = DocumentTable.Of<Trip>(session);
        var (vehicle, driver) = (trips.Column(nameof(Assignment.VehicleId)), trips.Column(nameof(Assignment.DriverId)));
        // One text column per row: Marten reads several columns only as nested rows. The columns are the trip's
        // duplicated assignment fields (see MartenSetup), so this reads an index, not a year of JSON.
        var rows = await session.AdvancedSql.QueryAsync<string>(
            $"""
             select concat_ws('|', {vehicle}, coalesce({driver}::text, ''), count(*))
             from {trips.Name}
             where tenant_id = ? and {trips.Column(nameof(Assignment.ReservedFrom))} >= ?
             group by {vehicle}, {driver}
             """,
            cancellation, session.TenantId, since.ToDateTimeOffset());

        var vehicles = new Dictionary<Guid, int>();
        var drivers = new Dictionary<Guid, int>();
        foreach (var row in rows)
        {
            var parts = row.Split('|');
            var sent = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            if (Guid.TryParse(parts[0], out var vehicleId)) vehicles[vehicleId] = vehicles.GetValueOrDefault(vehicleId) + sent;
            if (Guid.TryParse(parts[1], out var driverId)) drivers[driverId] = drivers.GetValueOrDefault(driverId) + sent;
        }

        return (vehicles, drivers);
    }
}

/// <summary>A reservation's fields as the database answers them (named so that it is not taken for a document).</summary>
internal sealed record HeldReservation(Guid TripId, DispatchOrderNumber? Order, Assignment? Assignment, bool InProgress);
