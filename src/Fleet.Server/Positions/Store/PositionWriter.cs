using Fleet.Server.Infrastructure.Database;
using NpgsqlTypes;

namespace Fleet.Server.Positions.Store;

/// <summary>
/// Writes positions in batches: binary COPY into a temporary table, then one insert into <see cref="PositionTable"/> that
/// skips a (car, time) already kept. A terminal that resends what it sent before a crash, or a gateway that writes a
/// batch again after losing the answer, stores each fix once (docs/adr/017 has the measurement behind the choice).
/// </summary>
public sealed class PositionWriter(FleetDatabase database, PositionPartitions partitions)
{
    private const string Batch = "fleet_positions_batch";

    /// <summary>Answers how many of the positions were new; the rest were kept already.</summary>
    public async Task<int> WriteAsync(IReadOnlyCollection<VehiclePosition> positions, CancellationToken cancellation)
    {
        if (positions.Count == 0) return 0;
        await partitions.EnsureAsync(positions.Select(p => partitions.DayOf(p.Position.At)), cancellation);

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = $"create temp table {Batch} (like {partitions.Table}) on commit drop";
            await create.ExecuteNonQueryAsync(cancellation);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
                         $"copy {Batch} (vehicle, at, received_at, lat, lon, alarm, status, mileage, fuel, altitude, speed, direction, pool, terminal) from stdin (format binary)",
                         cancellation))
        {
            foreach (var (vehicle, pool, p) in positions)
            {
                await copy.StartRowAsync(cancellation);
                await copy.WriteAsync(vehicle, NpgsqlDbType.Uuid, cancellation);
                await copy.WriteAsync(p.At, NpgsqlDbType.TimestampTz, cancellation);
                await copy.WriteAsync(p.ReceivedAt, NpgsqlDbType.TimestampTz, cancellation);
                await copy.WriteAsync(p.Latitude, NpgsqlDbType.Integer, cancellation);
                await copy.WriteAsync(p.Longitude, NpgsqlDbType.Integer, cancellation);
                // The flag words are kept bit for bit: the highest bit set reads as a negative integer.
                await copy.WriteAsync(unchecked((int)p.Alarm), NpgsqlDbType.Integer, cancellation);
                await copy.WriteAsync(unchecked((int)p.Status), NpgsqlDbType.Integer, cancellation);
                if (p.Mileage is { } mileage) await copy.WriteAsync(mileage, NpgsqlDbType.Bigint, cancellation);
                else await copy.WriteNullAsync(cancellation);
                if (p.Fuel is { } fuel) await copy.WriteAsync(fuel, NpgsqlDbType.Integer, cancellation);
                else await copy.WriteNullAsync(cancellation);
                await copy.WriteAsync((short)p.Altitude, NpgsqlDbType.Smallint, cancellation);
                await copy.WriteAsync((short)p.Speed, NpgsqlDbType.Smallint, cancellation);
                await copy.WriteAsync((short)p.Direction, NpgsqlDbType.Smallint, cancellation);
                await copy.WriteAsync(pool, NpgsqlDbType.Text, cancellation);
                await copy.WriteAsync(p.Terminal, NpgsqlDbType.Text, cancellation);
            }

            await copy.CompleteAsync(cancellation);
        }

        int written;
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"insert into {partitions.Table} select * from {Batch} on conflict (vehicle, at) do nothing";
            written = await insert.ExecuteNonQueryAsync(cancellation);
        }

        await transaction.CommitAsync(cancellation);
        return written;
    }
}
