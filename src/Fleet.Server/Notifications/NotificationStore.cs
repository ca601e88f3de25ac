using System.Text.Json;
using Fleet.Domain.Notifications;
using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Infrastructure.Marten;
using Fleet.Server.Infrastructure.Time;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Fleet.Server.Notifications;

/// <summary>
/// Where notifications and their deliveries are kept: plain tables beside the events. A notification is derived from
/// the events and a person's reading of it is not history, so it is a row that can be marked read, not a stream. Each is
/// kept in the database of its pool's city (ADR 025), written in the same transaction as what caused it and read there.
/// </summary>
public sealed class NotificationStore(FleetDatabases databases, IDocumentStore store)
{
    /// <summary>The database of a pool's notifications; a message sent before pools were named on it (none) reads the main one.</summary>
    private FleetDatabase In(string? pool) => pool is null ? databases.Main : databases.For(pool);

    private static readonly JsonSerializerOptions Json = FleetTime.ConfigureJson(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private readonly string _schema = store.Options.DatabaseSchemaName;

    public string Notifications => $"{_schema}.fleet_notifications";
    public string Deliveries => $"{_schema}.{DeliveriesTable}";

    public const string DeliveriesTable = "fleet_notification_deliveries";

    public static void AddTables(StoreOptions options)
    {
        var notifications = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, "fleet_notifications", SchemaUtils.IdentifierUsage.General));
        notifications.AddColumn<Guid>("id").AsPrimaryKey();
        notifications.AddColumn<string>("pool").NotNull();
        notifications.AddColumn<Guid>("recipient").NotNull();
        notifications.AddColumn<string>("kind").NotNull();
        notifications.AddColumn<bool>("urgent").NotNull();
        notifications.AddColumn<Guid>("subject");
        notifications.AddColumn<string>("link").NotNull();
        notifications.AddColumn("facts", "jsonb").NotNull();
        notifications.AddColumn("at", "timestamptz").NotNull();
        notifications.AddColumn("read_at", "timestamptz");
        // A person's newest first, and their unread ones counted, without reading anybody else's.
        notifications.Indexes.Add(new IndexDefinition("ix_fleet_notifications_recipient_at") { Columns = ["recipient", "at"] });
        notifications.Indexes.Add(new IndexDefinition("ix_fleet_notifications_unread") { Columns = ["recipient"], Predicate = "read_at is null" });

        var deliveries = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, DeliveriesTable, SchemaUtils.IdentifierUsage.General));
        deliveries.AddColumn<string>("id").AsPrimaryKey();
        deliveries.AddColumn<Guid>("notification").NotNull();
        deliveries.AddColumn<string>("pool").NotNull();
        deliveries.AddColumn<string>("channel").NotNull();
        deliveries.AddColumn<string>("address").NotNull();
        deliveries.AddColumn<string>("status").NotNull();
        deliveries.AddColumn<int>("attempts").NotNull();
        deliveries.AddColumn<string>("last_error");
        deliveries.AddColumn("queued_at", "timestamptz").NotNull();
        deliveries.AddColumn("updated_at", "timestamptz").NotNull();
        deliveries.AddColumn("sent_at", "timestamptz");
        deliveries.AddColumn<string>("reference");
        deliveries.AddColumn("parked_at", "timestamptz");
        deliveries.Indexes.Add(new IndexDefinition("ix_fleet_notification_deliveries_notification") { Columns = ["notification"] });
        deliveries.Indexes.Add(new IndexDefinition(ParkedIndex) { Columns = ["pool", "parked_at"], Predicate = "parked_at is not null" });
        // Each delivery is updated twice (claimed, then sent) and never again. No index names a column those updates change,
        // and half of each page is left free, so that both stay on the row's page without new index entries (HOT updates):
        // the parked ones are found by when they were parked, set once, not by their status.
        deliveries.FillFactor = DeliveriesFillFactor;

        options.Storage.ExtendedSchemaObjects.Add(notifications);
        options.Storage.ExtendedSchemaObjects.Add(deliveries);
        FleetSchemaFeature<ParkedDeliveriesMoment>.Add(options, "notification-deliveries-parked", [new ParkedDeliveriesMoment(options.DatabaseSchemaName)]);
    }

    /// <summary>The parked deliveries of a pool by when they were parked. It replaced one on the status (whose name ended in <c>_parked</c>), which the table's migration drops.</summary>
    public const string ParkedIndex = "ix_fleet_notification_deliveries_parked_at";

    public const int DeliveriesFillFactor = 50;

    /// <summary>The columns a delivery's claim and record change: an index on any of them would make every such update a new row elsewhere.</summary>
    public static readonly IReadOnlyList<string> ChangingColumns = ["status", "attempts", "last_error", "updated_at", "sent_at", "reference"];

    /// <summary>
    /// Queues the notifications and their deliveries decided in one transaction, as two statements whatever their
    /// number; a notification or delivery already there (a replay, another node) keeps its row and state.
    /// </summary>
    public void AddAll(IDocumentOperations operations, IReadOnlyCollection<Notification> notifications, IReadOnlyCollection<Queued> deliveries, Instant now)
    {
        if (notifications.Count > 0)
            operations.QueueSqlCommand($"""
                insert into {Notifications} (id, pool, recipient, kind, urgent, subject, link, facts, at)
                select id, pool, recipient, kind, urgent, subject, link, facts::jsonb, at
                from unnest(?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::boolean[], ?::uuid[], ?::text[], ?::text[], ?::timestamptz[])
                    as n(id, pool, recipient, kind, urgent, subject, link, facts, at)
                on conflict (id) do nothing
                """,
                notifications.Select(n => n.Id).ToArray(), notifications.Select(n => n.Pool).ToArray(), notifications.Select(n => n.Recipient).ToArray(),
                notifications.Select(n => n.Kind.ToString()).ToArray(), notifications.Select(n => n.Urgent).ToArray(),
                notifications.Select(n => n.Subject).ToArray(), notifications.Select(n => n.Link).ToArray(),
                notifications.Select(n => JsonSerializer.Serialize(n.Facts, Json)).ToArray(), notifications.Select(n => n.At).ToArray());
        if (deliveries.Count > 0)
            operations.QueueSqlCommand($"""
                insert into {Deliveries} (id, notification, pool, channel, address, status, attempts, queued_at, updated_at)
                select id, notification, pool, channel, address, 'queued', 0, ?, ?
                from unnest(?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[]) as d(id, notification, pool, channel, address)
                on conflict (id) do nothing
                """,
                now, now, deliveries.Select(d => d.Id).ToArray(), deliveries.Select(d => d.Notification).ToArray(), deliveries.Select(d => d.Pool).ToArray(),
                deliveries.Select(d => d.Channel.ToString()).ToArray(), deliveries.Select(d => d.Address).ToArray());
    }

    public async Task<IReadOnlyList<Notification>> PageAsync(Guid recipient, string pool, int skip, int take, bool unreadOnly, CancellationToken cancellation)
    {
        await using var command = In(pool).DataSource.CreateCommand(
            $"select {Columns} from {Notifications} where recipient = $1{(unreadOnly ? " and read_at is null" : "")} order by at desc, id limit $2 offset $3");
        command.Parameters.Add(new NpgsqlParameter { Value = recipient });
        command.Parameters.Add(new NpgsqlParameter { Value = take });
        command.Parameters.Add(new NpgsqlParameter { Value = skip });
        return await ReadAsync(command, cancellation);
    }

    /// <summary>How many a person has, and how many of them are unread.</summary>
    public async Task<(int Total, int Unread)> CountAsync(Guid recipient, string pool, CancellationToken cancellation)
    {
        await using var command = In(pool).DataSource.CreateCommand(
            $"select count(*)::int, (select count(*)::int from {Notifications} where recipient = $1 and read_at is null) from {Notifications} where recipient = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = recipient });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    /// <summary>How many of a person's notifications are unread: read through the unread ones' own index, whatever the person's history.</summary>
    public async Task<int> UnreadAsync(Guid recipient, string pool, CancellationToken cancellation)
    {
        await using var command = In(pool).DataSource.CreateCommand($"select count(*)::int from {Notifications} where recipient = $1 and read_at is null");
        command.Parameters.Add(new NpgsqlParameter { Value = recipient });
        return (int)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>
    /// The unread count and newest notification of each person asked about, in one look per city's database: what the live
    /// bells follow. The people come with their pools, which name the database.
    /// </summary>
    public async Task<Dictionary<Guid, (int Unread, Instant? Newest)>> BellsAsync(IReadOnlyCollection<(Guid Person, string Pool)> recipients,
        CancellationToken cancellation)
    {
        var bells = new Dictionary<Guid, (int, Instant?)>();
        foreach (var city in recipients.GroupBy(r => In(r.Pool), r => r.Person))
        {
            foreach (var (person, bell) in await BellsAsync(city.Key, city.Distinct().ToList(), cancellation)) bells[person] = bell;
        }

        return bells;
    }

    private async Task<Dictionary<Guid, (int Unread, Instant? Newest)>> BellsAsync(FleetDatabase database, IReadOnlyCollection<Guid> recipients,
        CancellationToken cancellation)
    {
        await using var command = database.DataSource.CreateCommand($"""
            select r, (select count(*)::int from {Notifications} where recipient = r and read_at is null),
                   (select max(at) from {Notifications} where recipient = r)
            from unnest($1::uuid[]) r
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = recipients.ToArray() });
        var bells = new Dictionary<Guid, (int, Instant?)>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            bells[reader.GetGuid(0)] = (reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<Instant>(2));
        return bells;
    }

    /// <summary>Marks the person's notifications read in the session's transaction: those named, or all of them.</summary>
    public void MarkRead(IDocumentOperations operations, Guid recipient, IReadOnlyCollection<Guid>? ids, Instant at)
    {
        if (ids is null)
            operations.QueueSqlCommand($"update {Notifications} set read_at = ? where recipient = ? and read_at is null", at, recipient);
        else
            operations.QueueSqlCommand($"update {Notifications} set read_at = ? where recipient = ? and read_at is null and id = any(?)", at, recipient, ids.ToArray());
    }

    /// <summary>
    /// Takes deliveries for sending, so that one node sends each and only once: those queued or retrying, and those whose
    /// sender stopped answering for longer than the lease (its node died mid-send). One statement claims them and reads
    /// their notifications; a second looks only at those another node is sending.
    /// </summary>
    public async Task<Claims> ClaimAsync(IReadOnlyCollection<string> ids, string? pool, Instant now, Duration lease, CancellationToken cancellation)
    {
        // Not waiting for the disk: a claim lost in a crash is taken again, and the send repeated under the same id.
        await using var connection = await In(pool).UnflushedDataSource.OpenConnectionAsync(cancellation);
        var taken = new List<Claim.Taken>();
        await using (var claim = new NpgsqlCommand($"""
            with claimed as (
                update {Deliveries} set status = 'sending', attempts = attempts + 1, updated_at = $2
                where id = any($1) and (status in ('queued', 'retrying') or (status = 'sending' and updated_at < $3))
                returning id, notification, channel, address, attempts)
            select c.id, c.channel, c.address, c.attempts, {string.Join(", ", Columns.Split(", ").Select(c => "n." + c))}
            from claimed c left join {Notifications} n on n.id = c.notification
            """, connection))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
            claim.Parameters.Add(new NpgsqlParameter { Value = now });
            claim.Parameters.Add(new NpgsqlParameter { Value = now - lease });
            await using var reader = await claim.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
                taken.Add(new Claim.Taken(reader.GetString(0), Enum.Parse<Channels.ChannelKind>(reader.GetString(1)), reader.GetString(2),
                    reader.GetInt32(3), reader.IsDBNull(4) ? null : Read(reader, 4)));
        }

        var busy = new List<Claim.Busy>();
        var others = ids.Except(taken.Select(t => t.Delivery)).ToArray();
        if (others.Length == 0) return new Claims(taken, busy);

        await using var look = new NpgsqlCommand($"select id, updated_at from {Deliveries} where id = any($1) and status = 'sending'", connection);
        look.Parameters.Add(new NpgsqlParameter { Value = others });
        await using var state = await look.ExecuteReaderAsync(cancellation);
        while (await state.ReadAsync(cancellation))
            busy.Add(new Claim.Busy(state.GetString(0), state.GetFieldValue<Instant>(1) + lease));
        return new Claims(taken, busy);
    }

    /// <summary>What became of the deliveries' tries, in one statement: <c>sent</c>, <c>retrying</c> or <c>parked</c>, with the far end's words.</summary>
    public async Task RecordAsync(IReadOnlyCollection<Attempted> attempts, string? pool, Instant now, CancellationToken cancellation)
    {
        if (attempts.Count == 0) return;
        // Flushed with the message's own completion, which Wolverine commits after it: lost only if that is lost too,
        // and then the message comes again and the delivery is sent again under the same id.
        await using var command = In(pool).UnflushedDataSource.CreateCommand($"""
            update {Deliveries} d set status = u.status, last_error = coalesce(u.error, d.last_error), reference = coalesce(u.reference, d.reference),
                updated_at = $5, sent_at = case when u.status = 'sent' then $5 else d.sent_at end,
                parked_at = case when u.status = 'parked' then $5 else d.parked_at end
            from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as u(id, status, error, reference)
            where d.id = u.id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Delivery).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Status).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Error).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Reference).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>A notification's deliveries, for its log: what was queued, sent, tried again or parked, and why.</summary>
    public async Task<IReadOnlyList<Delivery>> DeliveriesAsync(string? pool, Guid? notification, string? status, int skip, int take, CancellationToken cancellation)
    {
        await using var command = In(pool).DataSource.CreateCommand($"""
            select d.id, d.notification, d.pool, d.channel, d.address, d.status, d.attempts, d.last_error, d.queued_at, d.updated_at, d.sent_at, n.kind, n.recipient
            from {Deliveries} d left join {Notifications} n on n.id = d.notification
            where ($1::text is null or d.pool = $1) and ($2::uuid is null or d.notification = $2) and {(status == "parked"
                ? "d.parked_at is not null order by d.parked_at desc"
                : "($3::text is null or d.status = $3) order by d.updated_at desc")}, d.id limit $4 offset $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)pool ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)notification ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = take });
        command.Parameters.Add(new NpgsqlParameter { Value = skip });
        var list = new List<Delivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            list.Add(new Delivery(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), Enum.Parse<Channels.ChannelKind>(reader.GetString(3)),
                reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetFieldValue<Instant>(8), reader.GetFieldValue<Instant>(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<Instant>(10),
                reader.IsDBNull(11) ? null : Enum.Parse<NotificationKind>(reader.GetString(11)), reader.IsDBNull(12) ? null : reader.GetGuid(12)));
        }

        return list;
    }

    private const string Columns = "id, pool, recipient, kind, urgent, subject, link, facts, at, read_at";

    private static async Task<IReadOnlyList<Notification>> ReadAsync(NpgsqlCommand command, CancellationToken cancellation)
    {
        var list = new List<Notification>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) list.Add(Read(reader, 0));
        return list;
    }

    /// <summary>A notification from the <see cref="Columns"/> of a row, the first of them at <paramref name="at"/>.</summary>
    private static Notification Read(NpgsqlDataReader reader, int at) => new(
        reader.GetGuid(at), reader.GetString(at + 1), reader.GetGuid(at + 2), Enum.Parse<NotificationKind>(reader.GetString(at + 3)), reader.GetBoolean(at + 4),
        reader.IsDBNull(at + 5) ? null : reader.GetGuid(at + 5), reader.GetString(at + 6),
        JsonSerializer.Deserialize<NotificationFacts>(reader.GetString(at + 7), Json)!,
        reader.GetFieldValue<Instant>(at + 8), reader.IsDBNull(at + 9) ? null : reader.GetFieldValue<Instant>(at + 9));
}

/// <summary>The deliveries taken for sending, and those another node is sending now.</summary>
public sealed record Claims(IReadOnlyList<Claim.Taken> Taken, IReadOnlyList<Claim.Busy> Busy);

/// <summary>Whether a delivery was taken for sending. One that is neither (sent or parked already, or never queued) needs nothing.</summary>
public abstract record Claim(string Delivery)
{
    /// <summary>Taken, for its <paramref name="Attempt"/>th try; its notification is gone when no longer kept.</summary>
    public sealed record Taken(string Delivery, Channels.ChannelKind Channel, string Address, int Attempt, Notification? Notification) : Claim(Delivery);

    /// <summary>Another node is sending it; look again when its lease ends.</summary>
    public sealed record Busy(string Delivery, Instant LeaseEnds) : Claim(Delivery);
}

/// <summary>A delivery of a notification to one address on one channel, as queued.</summary>
public sealed record Queued(string Id, Guid Notification, string Pool, Channels.ChannelKind Channel, string Address);

/// <summary>What one try of a delivery came to, as the log records it.</summary>
public sealed record Attempted(string Delivery, string Status, string? Error, string? Reference);

/// <summary>One line of the delivery log.</summary>
public sealed record Delivery(string Id, Guid Notification, string Pool, Channels.ChannelKind Channel, string Address, string Status, int Attempts,
    string? LastError, Instant QueuedAt, Instant UpdatedAt, Instant? SentAt, NotificationKind? Kind, Guid? Recipient);
