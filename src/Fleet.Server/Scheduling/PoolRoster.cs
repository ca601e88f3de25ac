using Fleet.Domain.Drivers;
using Fleet.Domain.Vehicles;
using Fleet.Server.Infrastructure.Marten;
using Microsoft.Extensions.Caching.Memory;

namespace Fleet.Server.Scheduling;

/// <summary>Every vehicle and driver a pool has on its books, whatever their status: the callers decide who counts.</summary>
public sealed record Roster(IReadOnlyList<Vehicle> Vehicles, IReadOnlyList<Driver> Drivers);

/// <summary>
/// A pool's cars and drivers as the dispatch screens need them on every request. A pool of a thousand cars is a
/// megabyte of documents to read and deserialize, yet it changes a few times a day; so each server keeps the
/// pool's roster in memory and, on every use, asks the database only whether it is still the current one: the
/// documents' versions change with every event applied to them, whichever server wrote it, and only committed
/// versions are seen. A roster is therefore never stale, and a change costs one reload.
/// </summary>
public sealed class PoolRoster(IMemoryCache cache)
{
    public async Task<Roster> ForAsync(IQuerySession session, CancellationToken cancellation)
    {
        var stamp = await StampAsync(session, cancellation);
        var key = $"pool-roster:{session.TenantId}";
        if (cache.TryGetValue(key, out Cached? cached) && cached!.Stamp == stamp) return cached.Roster;

        // Read after the stamp: a change committed in between makes the next request reload, never this one stale.
        var vehicles = await session.Query<Vehicle>().ToListAsync(cancellation);
        var drivers = await session.Query<Driver>().ToListAsync(cancellation);
        var roster = new Roster(vehicles, drivers);
        cache.Set(key, new Cached(stamp, roster), new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(30) });
        return roster;
    }

    private static async Task<string> StampAsync(IQuerySession session, CancellationToken cancellation)
    {
        var vehicles = DocumentTable.Of<Vehicle>(session).Name;
        var drivers = DocumentTable.Of<Driver>(session).Name;
        // Ordered by id so that the same versions always give the same digest.
        var stamps = await session.AdvancedSql.QueryAsync<string>(
            $"""
             select concat_ws('|',
               (select count(*) || ':' || coalesce(md5(string_agg(mt_version::text, ',' order by id)), '') from {vehicles} where tenant_id = ?),
               (select count(*) || ':' || coalesce(md5(string_agg(mt_version::text, ',' order by id)), '') from {drivers} where tenant_id = ?))
             """,
            cancellation, session.TenantId, session.TenantId);
        return stamps[0];
    }

    private sealed record Cached(string Stamp, Roster Roster);
}
