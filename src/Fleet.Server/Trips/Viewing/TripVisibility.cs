using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Trips.Driving;

namespace Fleet.Server.Trips.Viewing;

/// <summary>Who sees which trips: the requesting unit its own, the pool's staff all of the pool's, a driver those they drive.</summary>
public static class TripVisibility
{
    /// <summary>The dispatch centre, the registry's keepers, the supervisors, and the pool office's approvers, who sign steps of the pool's trips.</summary>
    public static bool SeesPool(Actor actor) => actor.Has(Role.Dispatcher) || actor.Has(Role.FleetAdmin) || actor.Has(Role.Supervisor) || IsPoolOfficeApprover(actor);

    /// <summary>An approver of the district's (or for the city's pool, the city's) office rather than of a unit.</summary>
    public static bool IsPoolOfficeApprover(Actor actor) => actor.Has(Role.Approver) && actor.OrganisationKind != OrganisationKind.Unit;

    /// <summary>An approver of the city's office, who signs the city office's steps of any pool's trips.</summary>
    public static bool IsCityOfficeApprover(Actor actor) => actor.Has(Role.Approver) && actor.OrganisationKind == OrganisationKind.City;

    /// <summary>
    /// A trip of another pool that is the city office's to sign: the one crossing of pools an approver makes, and only
    /// for a trip whose chain has a step of the city's.
    /// </summary>
    public static bool GoesUpToTheCity(Actor actor, Trip trip) => IsCityOfficeApprover(actor) && trip.Chain.Contains(ApprovalOffice.CityOffice);

    /// <summary>
    /// The trip of that id as the person reaches it: in their own pool, or for the city office's approvers in the pool
    /// that runs it when its chain goes up to the city. Whether they may see it is still <see cref="SeesAsync"/>'s to say.
    /// </summary>
    public static async Task<Trip?> FindAsync(IQuerySession session, Actor actor, Guid id, CancellationToken cancellation) =>
        await session.LoadAsync<Trip>(id, cancellation) is { } own ? own
        : IsCityOfficeApprover(actor) ? await session.Query<Trip>().Where(t => t.InCity() && t.Id == id).FirstOrDefaultAsync(cancellation)
        : null;

    public static async Task<bool> SeesAsync(IQuerySession session, Actor actor, Trip trip, CancellationToken cancellation) =>
        trip.Pool != actor.Pool ? GoesUpToTheCity(actor, trip) :
        SeesPool(actor) || trip.UnitCode == actor.OrganisationCode ||
        (trip.Assignment?.DriverId is { } assigned && await SignedInDriver.IdAsync(session, actor, cancellation) == assigned);
}
