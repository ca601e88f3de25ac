using System.Text;
using Fleet.Domain.Drivers;
using Fleet.Domain.Vehicles;
using Fleet.Server.Infrastructure.Marten;
using Microsoft.Extensions.Caching.Memory;

namespace Fleet.Server.Scheduling;

/// <summary>
/// Every vehicle and driver a pool has on its books, whatever their status: the callers decide who counts. Each carries
/// only the workshop visits and leave not over before <see cref="Since"/>: what a view of that moment or later can show.
/// </summary>
public sealed record Roster(IReadOnlyList<Vehicle> Vehicles, IReadOnlyList<Driver> Drivers, Instant Since);

/// <summary>
/// A pool's cars and drivers as the dispatch screens need them on every request. A pool of a thousand cars is a
/// megabyte of documents to read and deserialize, yet it changes a few times a day; so each server keeps the
/// pool's roster in memory and, on every use, asks the database only whether it is still the current one: the
/// documents' versions change with every event applied to them, whichever server wrote it, and only committed
/// versions are seen. A roster is therefore never stale, and a change costs one reload.
/// A car's documents keep every workshop visit it ever had and a driver's every leave, so that the registry can show
/// them; the roster leaves the finished ones out in the database, and ten years of history weigh no more than a week.
/// </summary>
public sealed class PoolRoster(IMemoryCache cache, IClock clock)
{
    /// <summary>
    /// How far back the roster kept in memory reaches: the board's week began at most six days ago and a trip under way
    /// holds its lane from its start, so every view of the current week and every dispatch is answered from memory.
    /// </summary>
    public static readonly Duration Recent = Duration.FromDays(8);

    /// <summary>
    /// A roster kept longer than this is read again even if nothing changed, so that the visits and leave that ended
    /// since do not pile up in memory.
    /// </summary>
    private static readonly TimeSpan KeptAtMost = TimeSpan.FromDays(1);

    /// <summary>How long a roster for an older view is kept: a report's period is asked for again and again as it is read.</summary>
    private static readonly TimeSpan OlderViewKept = TimeSpan.FromMinutes(5);

    /// <summary>The pool's cars and drivers, with the workshop visits and leave not over before <paramref name="from"/>.</summary>
    public async Task<Roster> ForAsync(IQuerySession session, Instant from, CancellationToken cancellation)
    {
        var recent = clock.GetCurrentInstant() - Recent;
        // An older view (a report's period, a past day) is kept apart, briefly, so that it never weighs on the current one.
        var older = from < recent;
        var since = older ? from : recent;
        var key = older ? $"pool-roster:{session.TenantId}:{since.ToUnixTimeTicks()}" : $"pool-roster:{session.TenantId}";

        var stamp = await StampAsync(session, cancellation);
        if (cache.TryGetValue(key, out Cached? cached) && cached!.Stamp == stamp) return cached.Roster;

        // Read after the stamp: a change committed in between makes the next request reload, never this one stale.
        var roster = await ReadAsync(session, since, cancellation);
        cache.Set(key, new Cached(stamp, roster), older
            ? new MemoryCacheEntryOptions { SlidingExpiration = OlderViewKept }
            : new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(30), AbsoluteExpirationRelativeToNow = KeptAtMost });
        return roster;
    }

    private static async Task<Roster> ReadAsync(IQuerySession session, Instant since, CancellationToken cancellation)
    {
        var vehicles = await ReadAsync<Vehicle>(session, "maintenanceWindows", StillHoldsTheCar, since, cancellation);
        var drivers = await ReadAsync<Driver>(session, "leave", StillKeepsTheDriverAway, since, cancellation);
        return new Roster(vehicles, drivers, since);
    }

    /// <summary>
    /// A visit the car is in the workshop for, or is booked for, after <c>s.since</c>: the same time as
    /// <see cref="MaintenanceWindow.Occupancy"/>. A started visit holds the car until it is completed, whatever was planned.
    /// </summary>
    private const string StillHoldsTheCar =
        """
        case lower(w ->> 'state')
          when 'started' then true
          when 'scheduled' then coalesce((w -> 'planned' ->> 'end')::timestamptz > s.since, true)
          when 'completed' then greatest((w ->> 'startedAt')::timestamptz, (w ->> 'completedAt')::timestamptz) > s.since
          else false
        end
        """;

    /// <summary>Leave not cancelled that ends after <c>s.since</c>, as <see cref="DriverAvailability"/> counts it.</summary>
    private const string StillKeepsTheDriverAway =
        "not coalesce((w ->> 'cancelled')::boolean, false) and coalesce((w -> 'period' ->> 'end')::timestamptz > s.since, true)";

    /// <summary>The pool's documents of one kind, their list of windows cut down in the database to those <paramref name="kept"/>.</summary>
    private static async Task<IReadOnlyList<T>> ReadAsync<T>(IQuerySession session, string windows, string kept, Instant since,
        CancellationToken cancellation)
    {
        var rows = await session.AdvancedSql.QueryAsync<string>(
            $$"""
             select jsonb_set(d.data, '{{{windows}}}', coalesce(
                      (select jsonb_agg(w order by i) from jsonb_array_elements(d.data -> '{{windows}}') with ordinality as x(w, i) where {{kept}}),
                      '[]'::jsonb))::text
             from {{DocumentTable.Of<T>(session).Name}} d, (select ?::timestamptz as since) s
             where d.tenant_id = ?
             """,
            cancellation, since, session.TenantId);
        var serializer = session.DocumentStore.Options.Serializer();
        return rows.Select(json => serializer.FromJson<T>(new MemoryStream(Encoding.UTF8.GetBytes(json)))).ToList();
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
