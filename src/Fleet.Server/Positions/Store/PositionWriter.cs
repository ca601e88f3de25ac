using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Fleet.Server.Infrastructure.Database;
using Npgsql;

namespace Fleet.Server.Positions.Store;

/// <summary>
/// Writes positions in batches with binary COPY, and each (car, time) once: a terminal that resends what it sent before a
/// crash, or a gateway that writes a batch again after losing the answer, finds the primary key refusing the copy, and
/// the batch goes through a temporary table and an insert that skips what is kept (docs/adr/017 has the measurements).
/// Each car's positions are kept in its city's database (ADR 025).
/// </summary>
public sealed class PositionWriter(FleetDatabases databases, PositionPartitions partitions)
{
    private const string Batch = "fleet_positions_batch";

    private const string Columns = "vehicle, at, received_at, lat, lon, alarm, status, mileage, fuel, altitude, speed, direction, pool, terminal";

    /// <summary>
    /// Answers how many of the positions were new; the rest were kept already. A batch of new positions is copied straight
    /// into the table, at the speed of COPY; only one that holds a position kept already takes the slower way round.
    /// </summary>
    public async Task<int> WriteAsync(IReadOnlyCollection<VehiclePosition> positions, CancellationToken cancellation)
    {
        if (!databases.Cities.IsProvince) return await WriteAsync(databases.Main, positions, cancellation);

        var written = 0;
        foreach (var city in positions.GroupBy(p => databases.For(p.Pool)))
            written += await WriteAsync(city.Key, city.ToList(), cancellation);
        return written;
    }

    private async Task<int> WriteAsync(FleetDatabase database, IReadOnlyCollection<VehiclePosition> positions, CancellationToken cancellation)
    {
        if (positions.Count == 0) return 0;
        await partitions.EnsureAsync(database, positions.Select(p => partitions.DayOf(p.Position.At)), cancellation);

        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellation);
            await CopyAsync(connection, partitions.Table, positions, cancellation);
            return positions.Count;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The COPY was one statement and wrote nothing: the batch is written again, skipping what is kept.
            return await WriteSkippingKeptAsync(database, positions, cancellation);
        }
    }

    private async Task<int> WriteSkippingKeptAsync(FleetDatabase database, IReadOnlyCollection<VehiclePosition> positions, CancellationToken cancellation)
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

    /// <summary>
    /// The rows in PostgreSQL's binary COPY format, encoded here rather than field by field through Npgsql's importer: one
    /// asynchronous call per field was the largest part of the gateway's own processor time per position, shared on the
    /// same cores with PostgreSQL (docs/positions/performance.md). The format is PostgreSQL's documented one (COPY, "Binary
    /// Format"); <see cref="PositionRows"/> writes it, and the stored rows are read back by the tests.
    /// </summary>
    private static async Task CopyAsync(NpgsqlConnection connection, string table, IReadOnlyCollection<VehiclePosition> positions, CancellationToken cancellation)
    {
        await using var copy = await connection.BeginRawBinaryCopyAsync($"copy {table} ({Columns}) from stdin (format binary)", cancellation);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var used = PositionRows.WriteHeader(buffer);
            foreach (var position in positions)
            {
                if (buffer.Length - used < PositionRows.MaxRowLength)
                {
                    await copy.WriteAsync(buffer.AsMemory(0, used), cancellation);
                    used = 0;
                }

                used += PositionRows.WriteRow(buffer.AsSpan(used), position);
            }

            used += PositionRows.WriteTrailer(buffer.AsSpan(used));
            await copy.WriteAsync(buffer.AsMemory(0, used), cancellation);
        }
        catch (Exception e) when (e is not PostgresException)
        {
            // Ended without its trailer, a COPY would keep the whole rows sent so far: it is cancelled, and keeps nothing.
            await copy.CancelAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>
/// One position as a row of PostgreSQL's binary COPY format: a field count, then each field as its length and its bytes in
/// network order (−1 for null); uuid in its 16 bytes, timestamptz as microseconds since 2000-01-01 UTC.
/// </summary>
internal static class PositionRows
{
    private const short Fields = 14;

    /// <summary>Pool codes and terminal numbers are digits; these bound them, and a longer one is refused, not cut.</summary>
    private const int MaxText = 64;

    /// <summary>Three bytes of UTF-8 at most for each UTF-16 character of the two texts.</summary>
    public const int MaxRowLength = 2 + Fields * 4 + 16 + 8 + 8 + 4 * 5 + 8 + 2 * 3 + 2 * 3 * MaxText;

    private static readonly Instant PostgresEpoch = Instant.FromUtc(2000, 1, 1, 0, 0);

    /// <summary>"PGCOPY\n", 0xff, "\r\n", 0.</summary>
    private static ReadOnlySpan<byte> Signature => [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];

    public static int WriteHeader(Span<byte> to)
    {
        Signature.CopyTo(to);
        BinaryPrimitives.WriteInt32BigEndian(to[11..], 0); // flags: no OIDs
        BinaryPrimitives.WriteInt32BigEndian(to[15..], 0); // no header extension
        return 19;
    }

    public static int WriteTrailer(Span<byte> to)
    {
        BinaryPrimitives.WriteInt16BigEndian(to, -1);
        return 2;
    }

    public static int WriteRow(Span<byte> to, VehiclePosition row)
    {
        var (vehicle, pool, p) = row;
        BinaryPrimitives.WriteInt16BigEndian(to, Fields);
        var at = 2;
        at += Length(to[at..], 16);
        if (!vehicle.TryWriteBytes(to[at..], bigEndian: true, out var written)) throw new InvalidOperationException("A uuid is 16 bytes.");
        at += written;
        at += Timestamp(to[at..], p.At);
        at += Timestamp(to[at..], p.ReceivedAt);
        at += Int4(to[at..], p.Latitude);
        at += Int4(to[at..], p.Longitude);
        // The flag words are kept bit for bit: the highest bit set reads as a negative integer.
        at += Int4(to[at..], unchecked((int)p.Alarm));
        at += Int4(to[at..], unchecked((int)p.Status));
        at += p.Mileage is { } mileage ? Int8(to[at..], mileage) : Length(to[at..], -1);
        at += p.Fuel is { } fuel ? Int4(to[at..], fuel) : Length(to[at..], -1);
        at += Int2(to[at..], (short)p.Altitude);
        at += Int2(to[at..], (short)p.Speed);
        at += Int2(to[at..], (short)p.Direction);
        at += Text(to[at..], pool);
        at += Text(to[at..], p.Terminal);
        return at;
    }

    private static int Length(Span<byte> to, int length)
    {
        BinaryPrimitives.WriteInt32BigEndian(to, length);
        return 4;
    }

    private static int Int8(Span<byte> to, long value)
    {
        BinaryPrimitives.WriteInt32BigEndian(to, 8);
        BinaryPrimitives.WriteInt64BigEndian(to[4..], value);
        return 12;
    }

    private static int Int4(Span<byte> to, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(to, 4);
        BinaryPrimitives.WriteInt32BigEndian(to[4..], value);
        return 8;
    }

    private static int Int2(Span<byte> to, short value)
    {
        BinaryPrimitives.WriteInt32BigEndian(to, 2);
        BinaryPrimitives.WriteInt16BigEndian(to[4..], value);
        return 6;
    }

    private static int Timestamp(Span<byte> to, Instant instant)
    {
        BinaryPrimitives.WriteInt32BigEndian(to, 8);
        BinaryPrimitives.WriteInt64BigEndian(to[4..], (instant - PostgresEpoch).ToInt64Nanoseconds() / 1_000);
        return 12;
    }

    private static int Text(Span<byte> to, string text)
    {
        if (text.Length > MaxText) throw new ArgumentException($"'{text}' is longer than a pool code or terminal number can be.", nameof(text));
        var length = Encoding.UTF8.GetBytes(text, to[4..]);
        BinaryPrimitives.WriteInt32BigEndian(to, length);
        return 4 + length;
    }
}
