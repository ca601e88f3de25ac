using Fleet.Domain.Positions;
using Fleet.Server.Infrastructure.Database;
using Npgsql;

namespace Fleet.Server.Positions.Store;

/// <summary>
/// A car's positions in a period, oldest first, as a track is played back, and the newest position of a pool's cars for
/// the live map: read only from the days asked about, in the pool's city's database (ADR 025).
/// </summary>
public sealed class PositionReader(FleetDatabases databases, PositionPartitions partitions)
{
    /// <summary>The positions of the car in the pool, with <paramref name="period"/>'s start included and its end not.</summary>
    public async Task<IReadOnlyList<Position>> TrackAsync(string pool, Guid vehicle, Interval period, CancellationToken cancellation)
    {
        await using var command = databases.For(pool).DataSource.CreateCommand($"""
            select {Columns}
            from {partitions.Table} where vehicle = $1 and at >= $2 and at < $3 and pool = $4 order by at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = vehicle });
        command.Parameters.Add(new NpgsqlParameter { Value = period.Start });
        command.Parameters.Add(new NpgsqlParameter { Value = period.End });
        command.Parameters.Add(new NpgsqlParameter { Value = pool });
        var track = new List<Position>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) track.Add(Read(reader, 0));

        return track;
    }

    /// <summary>
    /// The newest position of each of the pool's cars named, taken since <paramref name="since"/>: a car silent since then
    /// is missing from the answer, and only the days from <paramref name="since"/> on are read. Each car's newest is the
    /// last entry of the primary key for it, read backwards once per car: a <c>distinct on (vehicle)</c> over the period
    /// read every position of the day to keep one per car, 0.5 s for twenty cars reporting every ten seconds
    /// (docs/positions/performance.md).
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, Position>> LatestAsync(string pool, IReadOnlyCollection<Guid> vehicles, Instant since,
        CancellationToken cancellation)
    {
        if (vehicles.Count == 0) return new Dictionary<Guid, Position>();
        await using var command = databases.For(pool).DataSource.CreateCommand($"""
            select car.vehicle, newest.* from unnest($1::uuid[]) car (vehicle)
            cross join lateral (
                select {Columns} from {partitions.Table} where vehicle = car.vehicle and at >= $2 and pool = $3 order by at desc limit 1
            ) newest
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = vehicles.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = since });
        command.Parameters.Add(new NpgsqlParameter { Value = pool });
        var latest = new Dictionary<Guid, Position>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) latest[reader.GetGuid(0)] = Read(reader, 1);
        return latest;
    }

    private const string Columns = "terminal, at, received_at, lat, lon, altitude, speed, direction, alarm, status, mileage, fuel";

    private static Position Read(NpgsqlDataReader reader, int first) => new(reader.GetString(first), reader.GetFieldValue<Instant>(first + 1),
        reader.GetFieldValue<Instant>(first + 2), reader.GetInt32(first + 3), reader.GetInt32(first + 4), reader.GetInt16(first + 5),
        reader.GetInt16(first + 6), reader.GetInt16(first + 7), unchecked((uint)reader.GetInt32(first + 8)), unchecked((uint)reader.GetInt32(first + 9)),
        reader.IsDBNull(first + 10) ? null : reader.GetInt64(first + 10), reader.IsDBNull(first + 11) ? null : reader.GetInt32(first + 11));
}
