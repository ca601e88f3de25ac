using Fleet.Domain.Positions;
using Fleet.Server.Infrastructure.Database;
using Npgsql;

namespace Fleet.Server.Positions.Store;

/// <summary>A car's positions in a period, oldest first, as a track is played back: read only from the days the period spans.</summary>
public sealed class PositionReader(FleetDatabase database, PositionPartitions partitions)
{
    /// <summary>The positions of the car in the pool, with <paramref name="period"/>'s start included and its end not.</summary>
    public async Task<IReadOnlyList<Position>> TrackAsync(string pool, Guid vehicle, Interval period, CancellationToken cancellation)
    {
        await using var command = database.DataSource.CreateCommand($"""
            select terminal, at, received_at, lat, lon, altitude, speed, direction, alarm, status, mileage, fuel
            from {partitions.Table} where vehicle = $1 and at >= $2 and at < $3 and pool = $4 order by at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = vehicle });
        command.Parameters.Add(new NpgsqlParameter { Value = period.Start });
        command.Parameters.Add(new NpgsqlParameter { Value = period.End });
        command.Parameters.Add(new NpgsqlParameter { Value = pool });
        var track = new List<Position>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            track.Add(new Position(reader.GetString(0), reader.GetFieldValue<Instant>(1), reader.GetFieldValue<Instant>(2), reader.GetInt32(3),
                reader.GetInt32(4), reader.GetInt16(5), reader.GetInt16(6), reader.GetInt16(7), unchecked((uint)reader.GetInt32(8)),
                unchecked((uint)reader.GetInt32(9)), reader.IsDBNull(10) ? null : reader.GetInt64(10), reader.IsDBNull(11) ? null : reader.GetInt32(11)));
        }

        return track;
    }
}
