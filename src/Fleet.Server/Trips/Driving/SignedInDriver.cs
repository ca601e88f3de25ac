using Fleet.Domain.Drivers;
using Fleet.Domain.People;
using Fleet.Domain.Trips;

namespace Fleet.Server.Trips.Driving;

/// <summary>Who drives for a signed-in account: the driver record it is linked to, if any.</summary>
public static class SignedInDriver
{
    /// <summary>The driver record the account is linked to; none for an account that drives nothing.</summary>
    public static async Task<Guid?> IdAsync(IQuerySession session, Actor actor, CancellationToken cancellation)
    {
        if (!actor.Has(Role.Driver)) return null;
        var me = actor.UserId;
        var driver = await session.Query<Driver>().Where(d => d.UserId == me).Select(d => d.Id).ToListAsync(cancellation);
        return driver.Count == 0 ? null : driver[0];
    }

    /// <summary>The one who leaves or comes back: the trip's own driver, or a dispatcher handing over or taking back the keys.</summary>
    public static async Task<DrivingActor> DrivingActorAsync(IQuerySession session, Actor actor, CancellationToken cancellation) =>
        new(actor.UserId, await IdAsync(session, actor, cancellation), actor.Has(Role.Dispatcher));
}
