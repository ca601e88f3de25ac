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

    public static async Task<bool> SeesAsync(IQuerySession session, Actor actor, Trip trip, CancellationToken cancellation) =>
        SeesPool(actor) || trip.UnitCode == actor.OrganisationCode ||
        (trip.Assignment?.DriverId is { } assigned && await SignedInDriver.IdAsync(session, actor, cancellation) == assigned);
}
