using Fleet.Server.Infrastructure.Database;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Server.Positions.Store;

/// <summary>
/// Writes positions in batches with binary COPY, and each (car, time) once: a terminal that resends what it sent before a
/// crash, or a gateway that writes a batch again after losing the answer, finds the primary key refusing the copy, and
/// the batch goes through a temporary table and an insert that skips what is kept (docs/adr/017 has the measurements).
/// </summary>
public sealed class PositionWriter(FleetDatabase database, PositionPartitions partitions)
{
    private const string Batch = "fleet_positions_batch";

    private const string Columns = "vehicle, at, received_at, lat, lon, alarm, status, mileage, fuel, altitude, speed, direction, pool, terminal";

    /// <summary>
    /// Answers how many of the positions were new; the rest were kept already. A batch of new positions is copied straight
    /// into the table, at the speed of COPY; only one that holds a position kept already takes the slower way round.
    /// </summary>
    public async Task<int> WriteAsync(IReadOnlyCollection<VehiclePosition> positions, CancellationToken cancellation)
    {
        if (positions.Count == 0) return 0;
        await partitions.EnsureAsync(positions.Select(p => partitions.DayOf(p.Position.At)), cancellation);

        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellation);
            await CopyAsync(connection, partitions.Table, positions, cancellation);
            return positions.Count;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The COPY was one statement and wrote nothing: the batch is written again, skipping what is kept.
            return await WriteSkippingKeptAsync(positions, cancellation);
        }
    }

    private async Task<int> WriteSkippingKeptAsync(IReadOnlyCollection<VehiclePosition> positions, CancellationToken cancellation)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = $"create temp table {Batch} (like {partitions.Table}) on commit drop";
            await create.ExecuteNonQueryAsync(cancellation);
        }

        await CopyAsync(connection, Batch, positions, cancellation);
        int written;
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"insert into {partitions.Table} ({Columns}) select {Columns} from {Batch} on conflict (vehicle, at) do nothing";
            written = await insert.ExecuteNonQueryAsync(cancellation);
        }

        await transaction.CommitAsync(cancellation);
        return written;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, IReadOnlyCollection<VehiclePosition> positions, CancellationToken cancellation)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"copy {table} ({Columns}) from stdin (format binary)", cancellation);
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
}
