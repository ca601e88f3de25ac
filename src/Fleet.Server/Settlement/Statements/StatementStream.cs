using Fleet.Domain.Organisations;
using Fleet.Domain.Settlement;
using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Settlement.Rates;

namespace Fleet.Server.Settlement.Statements;

/// <summary>What the statement commands share: whose statement it is, the trips it charges, and its stream decided on under its version.</summary>
public static class StatementStream
{
    /// <summary>A trip closes within days of its return (the pool's time limit is at most 90): older trips are not looked at.</summary>
    private static readonly Duration LongestToClose = Duration.FromDays(92);

    public static Problem NotFound(Guid id) => Problem.NotFound("statement.not_found", "There is no statement {0} in this pool.", id);

    /// <summary>
    /// The pool's fleet admin settles the units the pool serves; a unit of another pool is not found, as another district's
    /// records never are.
    /// </summary>
    public static async Task<Problem?> RefusesUnitAsync(IQuerySession session, Actor actor, string unit, CancellationToken cancellation) =>
        await session.Query<Organisation>()
            .AnyAsync(o => o.InCity() && o.Code == unit && o.Kind == OrganisationKind.Unit && o.Pool == actor.Pool, cancellation)
            ? null
            : Problem.NotFound("statement.unit_not_found", "There is no unit {0} in this pool.", unit);

    /// <summary>Only the unit's own approvers (its head) answer its statements; the pool's others may read them, not answer.</summary>
    public static Decision AsUnit(Actor actor, UnitStatement statement, Func<UnitStatement, Decision> decide) =>
        actor.OrganisationCode == statement.UnitCode
            ? decide(statement)
            : Decision.Refuse(Problem.Forbidden("statement.not_your_unit", "Only the approvers of unit {0} answer its statements.", statement.UnitCode));

    /// <summary>
    /// The unit's trips closed in <paramref name="month"/> (local dates), as settlement reads them: the trip's car, times and
    /// odometer, and the fuel, tolls and parking its driver declared. Trips taken from a paper logbook are not charged.
    /// </summary>
    public static async Task<IReadOnlyList<ClosedTrip>> ClosedTripsAsync(IQuerySession session, string unit, LocalDate month, DateTimeZone zone,
        CancellationToken cancellation)
    {
        var from = month.AtStartOfDayInZone(zone).ToInstant();
        var to = month.PlusMonths(1).AtStartOfDayInZone(zone).ToInstant();
        var earliest = from - LongestToClose;
        var candidates = await session.Query<Trip>()
            .Where(t => t.UnitCode == unit && t.Status == TripStatus.Closed && t.Details.Start >= earliest && t.Details.Start < to)
            .ToListAsync(cancellation);
        // A trip document written before it carried the moment it closed is dated by its trip_closed event.
        var undated = candidates.Where(t => t.ClosedAt is null).Select(t => t.Id).ToArray();
        var closedAt = undated.Length == 0
            ? new Dictionary<Guid, Instant>()
            : (await session.Events.QueryRawEventDataOnly<TripClosed>().Where(c => c.TripId.IsOneOf(undated)).ToListAsync(cancellation))
                .GroupBy(c => c.TripId).ToDictionary(g => g.Key, g => g.Max(c => c.At));
        var trips = candidates
            .Where(t => (t.ClosedAt ?? closedAt.GetValueOrDefault(t.Id, Instant.MinValue)) is var closed && closed >= from && closed < to)
            .ToList();
        if (trips.Count == 0) return [];

        var ids = trips.Select(t => t.Id).ToArray();
        var finishes = (await session.Events.QueryRawEventDataOnly<TripFinished>().Where(f => f.TripId.IsOneOf(ids)).ToListAsync(cancellation))
            .GroupBy(f => f.TripId).ToDictionary(g => g.Key, g => g.MaxBy(f => f.At)!);
        return [.. trips.Where(t => finishes.ContainsKey(t.Id)).Select(t => ClosedTrip.Of(t, finishes[t.Id])).OfType<ClosedTrip>()];
    }

    public static Task<Outcome<UnitStatement>> DecideAsync(IDocumentSession session, Guid id, Func<UnitStatement, Decision> decide,
        CancellationToken cancellation) =>
        StreamDecisions.DecideAsync(session, id, NotFound(id), decide, cancellation);

    /// <summary>The trips and the card a statement is charged by, read for a fleet admin's issue or correction.</summary>
    public static async Task<(IReadOnlyList<ClosedTrip> Trips, RateCard Card)> ChargeableAsync(IQuerySession session, string unit, LocalDate month,
        DateTimeZone zone, CancellationToken cancellation) =>
        (await ClosedTripsAsync(session, unit, month, zone, cancellation), await RateCardInForce.CurrentAsync(session, cancellation));
}
