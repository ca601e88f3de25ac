using Fleet.Domain.Notifications;
using Fleet.Domain.Organisations;
using Fleet.Domain.People;
using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Database;

namespace Fleet.Server.Notifications;

/// <summary>
/// The people an audience names, as the registry stands when the notice is decided: active accounts only, the
/// person who acted left out. The city office's approvers and the city's supervisors are the trip's city's: cities may share
/// a database (ADR 025), and another city's are read with them and left out.
/// </summary>
public static class NotificationRecipients
{
    public static async Task<IReadOnlyList<User>> ForAsync(NotificationLookups lookups, CityMap cities, Notice notice, Trip? trip, string pool,
        CancellationToken cancellation)
    {
        var people = notice.Audience switch
        {
            Audience.Requester when trip is not null => await lookups.PeopleAsync(NotificationLookups.UserKey(trip.RequestedBy), async s =>
                await s.Query<User>().Where(u => u.AnyTenant() && u.Id == trip.RequestedBy).ToListAsync(cancellation)),
            Audience.UnitApprovers when trip is not null => (await lookups.PeopleAsync($"approvers|{trip.Pool}|{trip.UnitCode}", s =>
                ApproversAsync(s, trip, cancellation))).Where(u => !trip.Approvals.Contains(u.Id)).ToList(),
            Audience.PoolOfficeApprovers when trip is not null => (await lookups.PeopleAsync($"office-approvers|{trip.Pool}", async s => await s.Query<User>()
                    .Where(u => u.AnyTenant() && u.Pool == trip.Pool && u.OrganisationKind != OrganisationKind.Unit && u.Active && u.Roles.Contains(Role.Approver))
                    .ToListAsync(cancellation))).Where(u => !trip.Approvals.Contains(u.Id)).ToList(),
            Audience.CityOfficeApprovers when trip is not null => (await lookups.PeopleAsync("city-office-approvers", async s => await s.Query<User>()
                    .Where(u => u.AnyTenant() && u.OrganisationKind == OrganisationKind.City && u.Active && u.Roles.Contains(Role.Approver))
                    .ToListAsync(cancellation))).Where(u => !trip.Approvals.Contains(u.Id) && cities.SameCity(u.Pool, trip.Pool)).ToList(),
            // The first-appointed head was asked first; the deputies are who the request goes to when it waits.
            Audience.UnitDeputies when trip is not null => await DeputiesAsync(lookups.Session, trip, cancellation),
            Audience.Driver when notice.Driver is { } driverId => await lookups.DriverAccountAsync(driverId, cancellation),
            Audience.PoolDispatchers => await lookups.PeopleAsync($"dispatchers|{pool}", s => InPoolAsync(s, pool, Role.Dispatcher, cancellation)),
            Audience.PoolFleetAdmins => await lookups.PeopleAsync($"admins|{pool}", s => InPoolAsync(s, pool, Role.FleetAdmin, cancellation)),
            Audience.Supervisors => (await lookups.PeopleAsync($"supervisors|{pool}", async s => await s.Query<User>()
                .Where(u => u.AnyTenant() && u.Active && u.Roles.Contains(Role.Supervisor) && (u.Pool == pool || u.OrganisationKind == OrganisationKind.City))
                .ToListAsync(cancellation))).Where(u => cities.SameCity(u.Pool, pool)).ToList(),
            _ => [],
        };

        return people.Where(u => u.Active && u.Id != notice.Actor).DistinctBy(u => u.Id).ToList();
    }

    private static async Task<IReadOnlyList<User>> InPoolAsync(IQuerySession session, string pool, Role role, CancellationToken cancellation) =>
        await session.Query<User>().Where(u => u.AnyTenant() && u.Pool == pool && u.Active && u.Roles.Contains(role)).ToListAsync(cancellation);

    private static async Task<IReadOnlyList<User>> ApproversAsync(IQuerySession session, Trip trip, CancellationToken cancellation) =>
        await session.Query<User>()
            .Where(u => u.AnyTenant() && u.Pool == trip.Pool && u.OrganisationCode == trip.UnitCode && u.Active && u.Roles.Contains(Role.Approver))
            .ToListAsync(cancellation);

    private static async Task<IReadOnlyList<User>> DeputiesAsync(IQuerySession session, Trip trip, CancellationToken cancellation)
    {
        var approvers = await ApproversAsync(session, trip, cancellation);
        if (approvers.Count < 2) return approvers.Where(u => !trip.Approvals.Contains(u.Id)).ToList();

        // The unit's head is its longest-standing approver; Fleet has no other record of who heads a unit yet. The
        // approvers are the trip's pool's, and their streams are found by pool and id, the order of the store's index.
        var since = await session.Events.QueryAllRawEvents()
            .Where(e => e.TenantIsOneOf(trip.Pool) && e.StreamId.IsOneOf(approvers.Select(a => a.Id).ToArray()) && e.Version == 1)
            .Select(e => new { e.StreamId, e.Sequence }).ToListAsync(cancellation);
        var head = since.OrderBy(s => s.Sequence).First().StreamId;
        return approvers.Where(u => u.Id != head && !trip.Approvals.Contains(u.Id)).ToList();
    }
}
