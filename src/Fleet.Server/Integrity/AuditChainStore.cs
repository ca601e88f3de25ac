using Fleet.Server.Infrastructure.Database;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Fleet.Server.Integrity;

/// <summary>A day's last link of one chain: what a supervisor exports and keeps outside the system.</summary>
public sealed record AuditDigest(string Chain, LocalDate Day, long LastSequence, string Link);

/// <summary>
/// Where the chain's links and daily digests are kept, beside the events in the same database, and how they are
/// read and written. Plain tables: the chain is evidence about the event store, not part of it.
/// </summary>
public sealed class AuditChainStore(FleetDatabase database, IDocumentStore store, DateTimeZone zone)
{
    private readonly string _schema = store.Options.Events.DatabaseSchemaName;

    public string Events => $"{_schema}.mt_events";
    public string Links => $"{_schema}.fleet_audit_links";
    public string Digests => $"{_schema}.fleet_audit_digests";
    public string Seals => $"{_schema}.fleet_audit_seals";
    public string Checkpoints => $"{_schema}.fleet_audit_checkpoints";
    public string Verifications => $"{_schema}.fleet_audit_verifications";

    public NpgsqlDataSource DataSource => database.DataSource;

    /// <summary>Which database, as its connection names it: server, port and database.</summary>
    public string DatabaseName => CityMap.Normalized(database.ConnectionString);

    /// <summary>The chain's tables, created and migrated with Marten's own (at start or by <c>db-apply</c>).</summary>
    public static void AddTables(StoreOptions options)
    {
        var links = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, "fleet_audit_links", SchemaUtils.IdentifierUsage.General));
        links.AddColumn<string>("chain").AsPrimaryKey();
        links.AddColumn<long>("seq_id").AsPrimaryKey();
        links.AddColumn("link", "bytea").NotNull();
        // Links stored before events were sealed are of the original format.
        links.AddColumn("format", "smallint").NotNull().DefaultValueByExpression(((short)LinkFormat.Original).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var digests = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, "fleet_audit_digests", SchemaUtils.IdentifierUsage.General));
        digests.AddColumn<string>("chain").AsPrimaryKey();
        digests.AddColumn("day", "date").AsPrimaryKey();
        // A day's digest is a new row each time the chain goes further that day, never an update: the server's role
        // may only add to the evidence.
        digests.AddColumn<long>("last_seq").AsPrimaryKey();
        digests.AddColumn("link", "bytea").NotNull();
        var seals = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, "fleet_audit_seals", SchemaUtils.IdentifierUsage.General));
        seals.AddColumn<long>("seq_id").AsPrimaryKey();
        seals.AddColumn("seal", "bytea").NotNull();
        // A chain position a verification found intact, signed: where the next verification may start (AuditCheckpoint).
        var checkpoints = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, "fleet_audit_checkpoints", SchemaUtils.IdentifierUsage.General));
        checkpoints.AddColumn<string>("chain").AsPrimaryKey();
        checkpoints.AddColumn<long>("seq_id").AsPrimaryKey();
        checkpoints.AddColumn("link", "bytea").NotNull();
        checkpoints.AddColumn("format", "smallint").NotNull();
        checkpoints.AddColumn("verified_at", "timestamptz").NotNull();
        checkpoints.AddColumn<string>("key_id").NotNull();
        checkpoints.AddColumn<string>("signature").NotNull();
        // The latest background verification of the city and of each district, as the node running it last reported it:
        // whichever node a supervisor's page asks answers the same (AuditVerificationRuns).
        var verifications = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, "fleet_audit_verifications", SchemaUtils.IdentifierUsage.General));
        verifications.AddColumn<string>("scope").AsPrimaryKey();
        verifications.AddColumn<Guid>("run_id").NotNull();
        verifications.AddColumn<string>("node").NotNull();
        verifications.AddColumn("status", "jsonb").NotNull();
        verifications.AddColumn("beat", "timestamptz").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(links);
        options.Storage.ExtendedSchemaObjects.Add(verifications);
        options.Storage.ExtendedSchemaObjects.Add(digests);
        options.Storage.ExtendedSchemaObjects.Add(seals);
        options.Storage.ExtendedSchemaObjects.Add(checkpoints);
    }

    /// <summary>The last link of every chain, to go on from.</summary>
    public async Task<Dictionary<string, (long Sequence, byte[] Link, LinkFormat Format)>> HeadsAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        var heads = new Dictionary<string, (long, byte[], LinkFormat)>();
        // A skip scan over the primary key, one index lookup per chain: asked every few seconds, it must not read the
        // whole table, which grows by two rows per event.
        await using var command = new NpgsqlCommand($"""
            with recursive chains(chain) as (
                select min(chain) from {Links}
                union all
                select (select min(chain) from {Links} where chain > chains.chain) from chains where chains.chain is not null)
            select c.chain, l.seq_id, l.link, l.format from chains c
            cross join lateral (select seq_id, link, format from {Links} where chain = c.chain order by seq_id desc limit 1) l
            where c.chain is not null
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) heads[reader.GetString(0)] = (reader.GetInt64(1), (byte[])reader[2], (LinkFormat)reader.GetInt16(3));
        return heads;
    }

    /// <summary>How far the async daemon has seen every transaction finished: events below it will not change order.</summary>
    public async Task<long> SafeUpToAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"select coalesce((select last_seq_id from {_schema}.mt_event_progression where name = 'HighWaterMark'), 0)", connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    public async Task<long> SafeUpToAsync(CancellationToken cancellation)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellation);
        return await SafeUpToAsync(connection, cancellation);
    }

    /// <summary>
    /// How far the store has got: its highest sequence over every pool, or the daemon's high-water mark if that went
    /// past it over numbers that were never used. No reader can have been given a position beyond it.
    /// </summary>
    public async Task<long> ReachedAsync(CancellationToken cancellation)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand($"select coalesce((select max(seq_id) from {Events}), 0)", connection);
        var highest = (long)(await command.ExecuteScalarAsync(cancellation))!;
        return Math.Max(highest, await SafeUpToAsync(connection, cancellation));
    }


    /// <summary>The columns the chain covers of events <c>e</c>.</summary>
    private const string OwnColumns =
        "e.seq_id, e.tenant_id, e.stream_id, e.version, e.type, e.data::text, e.user_name, e.timestamp, e.id, e.correlation_id, e.causation_id, e.headers::text";

    /// <summary>The columns <see cref="Read"/> reads, of events <c>e</c> left joined with their seals <c>s</c>.</summary>
    public const string EventColumns = OwnColumns + ", s.seal";

    /// <summary>The events a condition on <c>e</c> selects, in store order, with the columns the chain covers and their seals.</summary>
    public NpgsqlCommand ReadEvents(NpgsqlConnection connection, string where, int? limit = null) => new(
        $"select {EventColumns} from {_schema}.mt_events e left join {_schema}.fleet_audit_seals s on s.seq_id = e.seq_id where {where} order by e.seq_id" +
        (limit is { } most ? $" limit {most}" : ""), connection);

    public static ChainedEvent Read(NpgsqlDataReader reader, int offset = 0) => new(
        reader.GetInt64(offset), reader.GetString(offset + 1), reader.GetGuid(offset + 2), reader.GetInt64(offset + 3), reader.GetString(offset + 4),
        reader.GetString(offset + 5), Text(reader, offset + 6), reader.GetFieldValue<Instant>(offset + 7), reader.GetGuid(offset + 8),
        Text(reader, offset + 9), Text(reader, offset + 10), Text(reader, offset + 11), reader.IsDBNull(offset + 12) ? null : (byte[])reader[offset + 12]);

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(string Chain, long Sequence, byte[] Link, LinkFormat Format)> links,
        Dictionary<(string Chain, LocalDate Day), (long Sequence, byte[] Link)> days, CancellationToken cancellation)
    {
        await using (var insert = new NpgsqlCommand($"insert into {Links} (chain, seq_id, link, format) select * from unnest(@chains, @seqs, @links, @formats)", connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter("chains", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = links.Select(l => l.Chain).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = links.Select(l => l.Sequence).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("links", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = links.Select(l => l.Link).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("formats", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = links.Select(l => (short)l.Format).ToArray() });
            await insert.ExecuteNonQueryAsync(cancellation);
        }

        foreach (var ((chain, day), (sequence, link)) in days)
        {
            await using var upsert = new NpgsqlCommand($"""
                insert into {Digests} (chain, day, last_seq, link) values (@chain, @day, @seq, @link)
                on conflict do nothing
                """, connection, transaction);
            upsert.Parameters.AddWithValue("chain", chain);
            upsert.Parameters.AddWithValue("day", day);
            upsert.Parameters.AddWithValue("seq", sequence);
            upsert.Parameters.AddWithValue("link", link);
            await upsert.ExecuteNonQueryAsync(cancellation);
        }
    }

    /// <summary>
    /// Every command reads back the events it has just stored. PostgreSQL would plan that read afresh each time (a quarter of
    /// a millisecond, ten times the read itself; the plan it keeps for any array is costed for ten events, so it never looks
    /// cheap enough to keep), so the read keeps one plan a connection. A plan made while the events were few — a new city,
    /// the first minute of a database — scanned the whole table and was kept as it grew: 5 ms a command after 20,000 trip
    /// requests (docs/performance.md, the floors of 2026-12-06). Without sequential scans the only plans left look each
    /// event up by its key, whatever the statistics say. Set for this read alone.
    /// </summary>
    public const string KeyLookupsOnly = "select set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_seqscan', 'off', true)";

    /// <summary>The events just stored, by their sequence numbers (<c>$1</c>); nothing of them is sealed yet, so no seal is joined.</summary>
    public static string SealReadSql(string schema) =>
        $"select {OwnColumns}, null::bytea from {schema}.mt_events e where e.seq_id = any($1) order by e.seq_id";

    /// <summary>
    /// The two settings back to what the session had for the rest of the transaction (one statement each: reading their
    /// defaults from <c>pg_settings</c> in one cost half a millisecond, the view lists every setting).
    /// </summary>
    public static readonly IReadOnlyList<string> PlanningAsBefore = ["set local plan_cache_mode to default", "set local enable_seqscan to default"];

    /// <summary>Seals the events a transaction has just stored, read back as PostgreSQL keeps them, in that transaction.</summary>
    public static async Task SealAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, AuditSealer sealer, long[] sequences,
        CancellationToken cancellation)
    {
        var sealedEvents = new List<ChainedEvent>(sequences.Length);
        await using (var read = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(KeyLookupsOnly),
                new NpgsqlBatchCommand(SealReadSql(schema))
                {
                    Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = sequences } },
                },
            },
        })
        {
            foreach (var setting in PlanningAsBefore) read.BatchCommands.Add(new NpgsqlBatchCommand(setting));
            await using var reader = await read.ExecuteReaderAsync(cancellation);
            await reader.NextResultAsync(cancellation); // past the settings' own row
            while (await reader.ReadAsync(cancellation)) sealedEvents.Add(Read(reader));
        }

        // An event that could not be read back would be stored unsealed, and reported as forged ever after.
        if (sealedEvents.Count != sequences.Length)
            throw new InvalidOperationException($"Only {sealedEvents.Count} of the {sequences.Length} events just stored could be read back to be sealed.");

        await using var insert = new NpgsqlCommand($"insert into {schema}.fleet_audit_seals (seq_id, seal) select * from unnest(@seqs, @seals)", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = sealedEvents.Select(e => e.Sequence).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("seals", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = sealedEvents.Select(sealer.Seal).ToArray() });
        await insert.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>
    /// The checkpoints of a chain at or before <paramref name="head"/>, newest first, each with the link and format the
    /// chain holds at its position now (null when that link is gone).
    /// </summary>
    public async Task<List<(AuditCheckpoint Checkpoint, byte[]? StoredLink, LinkFormat? StoredFormat)>> CheckpointsAsync(NpgsqlConnection connection,
        string name, long head, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"""
            select c.seq_id, c.link, c.format, c.verified_at, c.key_id, c.signature, l.link, l.format
            from {Checkpoints} c left join {Links} l on l.chain = c.chain and l.seq_id = c.seq_id
            where c.chain = @chain and c.seq_id <= @head
            order by c.seq_id desc
            """, connection);
        command.Parameters.AddWithValue("chain", name);
        command.Parameters.AddWithValue("head", head);
        var found = new List<(AuditCheckpoint, byte[]?, LinkFormat?)>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var checkpoint = new AuditCheckpoint(name, reader.GetInt64(0), (byte[])reader[1], (LinkFormat)reader.GetInt16(2), reader.GetFieldValue<Instant>(3),
                reader.GetString(4), reader.GetString(5));
            found.Add((checkpoint, reader.IsDBNull(6) ? null : (byte[])reader[6], reader.IsDBNull(7) ? null : (LinkFormat)reader.GetInt16(7)));
        }

        return found;
    }

    public async Task RecordCheckpointAsync(NpgsqlConnection connection, AuditCheckpoint checkpoint, CancellationToken cancellation)
    {
        // A position verified twice keeps its first checkpoint: the table is only ever added to.
        await using var insert = new NpgsqlCommand($"""
            insert into {Checkpoints} (chain, seq_id, link, format, verified_at, key_id, signature)
            values (@chain, @seq, @link, @format, @at, @key, @signature)
            on conflict do nothing
            """, connection);
        insert.Parameters.AddWithValue("chain", checkpoint.Chain);
        insert.Parameters.AddWithValue("seq", checkpoint.Sequence);
        insert.Parameters.AddWithValue("link", checkpoint.Link);
        insert.Parameters.AddWithValue("format", (short)checkpoint.Format);
        insert.Parameters.AddWithValue("at", checkpoint.VerifiedAt);
        insert.Parameters.AddWithValue("key", checkpoint.KeyId);
        insert.Parameters.AddWithValue("signature", checkpoint.Signature);
        await insert.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>How many events a chain holds after <paramref name="after"/>: its links up to the head, and the events stored since.</summary>
    public async Task<long> CountAfterAsync(NpgsqlConnection connection, string name, long after, long head, CancellationToken cancellation)
    {
        var pool = name == AuditChain.City ? "" : "and tenant_id = @chain";
        await using var command = new NpgsqlCommand($"""
            select (select count(*) from {Links} where chain = @chain and seq_id > @after and seq_id <= @head)
                 + (select count(*) from {Events} where seq_id > @head {pool})
            """, connection);
        command.Parameters.AddWithValue("chain", name);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("head", head);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    public LocalDate DayOf(Instant timestamp) => timestamp.InZone(zone).Date;

    public async Task<IReadOnlyList<AuditDigest>> DigestsAsync(IReadOnlyCollection<string>? chains, LocalDate? from, LocalDate? until, CancellationToken cancellation)
    {
        await using var command = DataSource.CreateCommand($"""
            select distinct on (chain, day) chain, day, last_seq, link from {Digests}
            where (@chains::text[] is null or chain = any(@chains)) and (@from::date is null or day >= @from) and (@until::date is null or day <= @until)
            order by chain, day, last_seq desc
            """);
        command.Parameters.Add(new NpgsqlParameter("chains", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = (object?)chains?.ToArray() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = from is { } f ? f : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("until", NpgsqlDbType.Date) { Value = until is { } u ? u : DBNull.Value });
        var digests = new List<AuditDigest>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            digests.Add(new AuditDigest(reader.GetString(0), reader.GetFieldValue<LocalDate>(1), reader.GetInt64(2), AuditChain.Hex((byte[])reader[3])));
        }

        return digests;
    }
}
