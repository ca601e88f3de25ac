using Fleet.Domain.Organisations;
using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Security;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Trips.Viewing;

namespace Fleet.Server.Trips;

/// <summary>What every command on an existing trip shares, whichever step of its life it takes.</summary>
public static class TripStream
{
    public static Problem NotFound(Guid id) => Problem.NotFound("trip.not_found", "There is no trip {0}.", id);

    /// <summary>Decides on the trip under optimistic concurrency and appends what was decided.</summary>
    public static Task<Outcome<Trip>> DecideAsync(IDocumentSession session, Guid id, Func<Trip, Decision> decide, CancellationToken cancellation) =>
        StreamDecisions.DecideAsync<Trip>(session, id, NotFound(id), decide, cancellation);

    /// <summary>
    /// As <see cref="DecideAsync"/> for an approver, with the office they sign for on this trip: the requesting unit's,
    /// the office that runs the trip's pool, or the city's. To anybody else the trip is not found. The city office's
    /// approvers decide on another pool's trip in that pool's own stream, as its unit and district would.
    /// </summary>
    public static async Task<Outcome<Trip>> DecideAsApproverAsync(IDocumentSession session, Guid id, Actor actor, Func<Trip, ApprovalOffice, Decision> decide,
        CancellationToken cancellation)
    {
        var pool = await TripVisibility.FindAsync(session, actor, id, cancellation) is { } found && found.Pool != actor.Pool ? found.Pool : null;
        var events = pool is null ? session.Events : session.ForTenant(pool).Events;
        return await StreamDecisions.DecideAsync<Trip>(events, id, NotFound(id),
            trip => OfficeOf(actor, trip) is { } office ? decide(trip, office) : Decision.Refuse(NotFound(id)), cancellation);
    }

    /// <summary>Which office's approval the person gives on the trip, if any.</summary>
    public static ApprovalOffice? OfficeOf(Actor actor, Trip trip) =>
        actor.OrganisationCode == trip.UnitCode ? ApprovalOffice.Unit
        : actor.OrganisationKind == OrganisationKind.City && (trip.NextOffice == ApprovalOffice.CityOffice || trip.Pool != actor.Pool)
            ? TripVisibility.GoesUpToTheCity(actor, trip) ? ApprovalOffice.CityOffice : null
        : actor.OrganisationKind != OrganisationKind.Unit && actor.Pool == trip.Pool ? ApprovalOffice.PoolOffice
        : null;

    /// <summary>As <see cref="DecideAsync"/> for the requesting unit's people: a trip of another unit is not found.</summary>
    public static Task<Outcome<Trip>> DecideForUnitAsync(IDocumentSession session, Guid id, Actor actor, Func<Trip, Decision> decide,
        CancellationToken cancellation) =>
        DecideAsync(session, id, trip => trip.UnitCode == actor.OrganisationCode ? decide(trip) : Decision.Refuse(NotFound(id)), cancellation);
}
