using System.Text.Json;
using Fleet.Domain.Notifications;
using Fleet.Server.Infrastructure.Database;
using Fleet.Server.Infrastructure.Time;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Fleet.Server.Notifications;

/// <summary>
/// Where notifications and their deliveries are kept: plain tables beside the events. A notification is derived from
/// the events and a person's reading of it is not history, so it is a row that can be marked read, not a stream.
/// </summary>
public sealed class NotificationStore(FleetDatabase database, IDocumentStore store)
{
    private static readonly JsonSerializerOptions Json = FleetTime.ConfigureJson(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private readonly string _schema = store.Options.DatabaseSchemaName;

    public string Notifications => $"{_schema}.fleet_notifications";
    public string Deliveries => $"{_schema}.fleet_notification_deliveries";

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

        var deliveries = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, "fleet_notification_deliveries", SchemaUtils.IdentifierUsage.General));
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
        deliveries.Indexes.Add(new IndexDefinition("ix_fleet_notification_deliveries_notification") { Columns = ["notification"] });
        deliveries.Indexes.Add(new IndexDefinition("ix_fleet_notification_deliveries_parked") { Columns = ["pool", "updated_at"], Predicate = "status = 'parked'" });

        options.Storage.ExtendedSchemaObjects.Add(notifications);
        options.Storage.ExtendedSchemaObjects.Add(deliveries);
    }

    /// <summary>Queues the notification's row in the session's transaction; one already there (a replay, another node) stays as it is.</summary>
    public void Add(IDocumentOperations operations, Notification n) =>
        operations.QueueSqlCommand(
            $"insert into {Notifications} (id, pool, recipient, kind, urgent, subject, link, facts, at) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) on conflict (id) do nothing",
            n.Id, n.Pool, n.Recipient, n.Kind.ToString(), n.Urgent, (object?)n.Subject ?? DBNull.Value, n.Link,
            JsonSerializer.Serialize(n.Facts, Json), n.At);

    /// <summary>Queues a delivery in the session's transaction, as queued; one already there keeps its state.</summary>
    public void AddDelivery(IDocumentOperations operations, string id, Notification n, string channel, string address, Instant now) =>
        operations.QueueSqlCommand(
            $"insert into {Deliveries} (id, notification, pool, channel, address, status, attempts, queued_at, updated_at) values (?, ?, ?, ?, ?, 'queued', 0, ?, ?) on conflict (id) do nothing",
            id, n.Id, n.Pool, channel, address, now, now);

    public async Task<IReadOnlyList<Notification>> PageAsync(Guid recipient, int skip, int take, bool unreadOnly, CancellationToken cancellation)
    {
        await using var command = database.DataSource.CreateCommand(
            $"select {Columns} from {Notifications} where recipient = $1{(unreadOnly ? " and read_at is null" : "")} order by at desc, id limit $2 offset $3");
        command.Parameters.Add(new NpgsqlParameter { Value = recipient });
        command.Parameters.Add(new NpgsqlParameter { Value = take });
        command.Parameters.Add(new NpgsqlParameter { Value = skip });
        return await ReadAsync(command, cancellation);
    }

    /// <summary>How many a person has, and how many of them are unread.</summary>
    public async Task<(int Total, int Unread)> CountAsync(Guid recipient, CancellationToken cancellation)
    {
        await using var command = database.DataSource.CreateCommand(
            $"select count(*)::int, (select count(*)::int from {Notifications} where recipient = $1 and read_at is null) from {Notifications} where recipient = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = recipient });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    /// <summary>How many of a person's notifications are unread: read through the unread ones' own index, whatever the person's history.</summary>
    public async Task<int> UnreadAsync(Guid recipient, CancellationToken cancellation)
    {
        await using var command = database.DataSource.CreateCommand($"select count(*)::int from {Notifications} where recipient = $1 and read_at is null");
        command.Parameters.Add(new NpgsqlParameter { Value = recipient });
        return (int)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>The unread count and newest notification of each person asked about, in one look: what the live bells follow.</summary>
    public async Task<Dictionary<Guid, (int Unread, Instant? Newest)>> BellsAsync(IReadOnlyCollection<Guid> recipients, CancellationToken cancellation)
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
    /// Takes a delivery for sending, so that one node sends it and only once: a queued or retrying one, or one whose
    /// sender stopped answering for longer than the lease (its node died mid-send).
    /// </summary>
    public async Task<Claim> ClaimAsync(string id, Instant now, Duration lease, CancellationToken cancellation)
    {
        // Not waiting for the disk: a claim lost in a crash is taken again, and the send repeated under the same id.
        await using var connection = await database.UnflushedDataSource.OpenConnectionAsync(cancellation);
        await using (var claim = new NpgsqlCommand($"""
            update {Deliveries} set status = 'sending', attempts = attempts + 1, updated_at = $2
            where id = $1 and (status in ('queued', 'retrying') or (status = 'sending' and updated_at < $3))
            returning notification, channel, address, attempts
            """, connection))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = id });
            claim.Parameters.Add(new NpgsqlParameter { Value = now });
            claim.Parameters.Add(new NpgsqlParameter { Value = now - lease });
            await using var reader = await claim.ExecuteReaderAsync(cancellation);
            if (await reader.ReadAsync(cancellation))
                return new Claim.Taken(reader.GetGuid(0), Enum.Parse<Channels.ChannelKind>(reader.GetString(1)), reader.GetString(2), reader.GetInt32(3));
        }

        await using var look = new NpgsqlCommand($"select status, updated_at from {Deliveries} where id = $1", connection);
        look.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var state = await look.ExecuteReaderAsync(cancellation);
        if (!await state.ReadAsync(cancellation)) return new Claim.Gone();
        return state.GetString(0) == "sending" ? new Claim.Busy(state.GetFieldValue<Instant>(1) + lease) : new Claim.Gone();
    }

    /// <summary>What became of a delivery's try: <c>sent</c>, <c>retrying</c> or <c>parked</c>, with the far end's words.</summary>
    public async Task RecordAsync(string id, string status, string? error, string? reference, Instant now, CancellationToken cancellation)
    {
        // Flushed with the message's own completion, which Wolverine commits after it: lost only if that is lost too,
        // and then the message comes again and the delivery is sent again under the same id.
        await using var command = database.UnflushedDataSource.CreateCommand($"""
            update {Deliveries} set status = $2, last_error = coalesce($3, last_error), reference = coalesce($4, reference), updated_at = $5,
                sent_at = case when $2 = 'sent' then $5 else sent_at end
            where id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = status });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)reference ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>A notification's deliveries, for its log: what was queued, sent, tried again or parked, and why.</summary>
    public async Task<IReadOnlyList<Delivery>> DeliveriesAsync(string? pool, Guid? notification, string? status, int skip, int take, CancellationToken cancellation)
    {
        await using var command = database.DataSource.CreateCommand($"""
            select d.id, d.notification, d.pool, d.channel, d.address, d.status, d.attempts, d.last_error, d.queued_at, d.updated_at, d.sent_at, n.kind, n.recipient
            from {Deliveries} d left join {Notifications} n on n.id = d.notification
            where ($1::text is null or d.pool = $1) and ($2::uuid is null or d.notification = $2) and ($3::text is null or d.status = $3)
            order by d.updated_at desc, d.id limit $4 offset $5
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

    public async Task<Notification?> FindAsync(Guid id, CancellationToken cancellation)
    {
        await using var command = database.DataSource.CreateCommand($"select {Columns} from {Notifications} where id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAsync(command, cancellation)).FirstOrDefault();
    }

    private const string Columns = "id, pool, recipient, kind, urgent, subject, link, facts, at, read_at";

    private static async Task<IReadOnlyList<Notification>> ReadAsync(NpgsqlCommand command, CancellationToken cancellation)
    {
        var list = new List<Notification>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            list.Add(new Notification(
                reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), Enum.Parse<NotificationKind>(reader.GetString(3)), reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.GetString(6),
                JsonSerializer.Deserialize<NotificationFacts>(reader.GetString(7), Json)!,
                reader.GetFieldValue<Instant>(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<Instant>(9)));
        }

        return list;
    }
}

/// <summary>Whether a delivery was taken for sending.</summary>
public abstract record Claim
{
    public sealed record Taken(Guid Notification, Channels.ChannelKind Channel, string Address, int Attempt) : Claim;

    /// <summary>Another node is sending it; look again when its lease ends.</summary>
    public sealed record Busy(Instant LeaseEnds) : Claim;

    /// <summary>Sent or parked already, or never queued: nothing to do.</summary>
    public sealed record Gone : Claim;
}

/// <summary>One line of the delivery log.</summary>
public sealed record Delivery(string Id, Guid Notification, string Pool, Channels.ChannelKind Channel, string Address, string Status, int Attempts,
    string? LastError, Instant QueuedAt, Instant UpdatedAt, Instant? SentAt, NotificationKind? Kind, Guid? Recipient);
