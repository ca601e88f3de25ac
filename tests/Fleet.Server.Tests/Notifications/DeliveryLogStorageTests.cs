using System.Text.RegularExpressions;
using Fleet.Domain.Notifications;
using Fleet.Domain.People;
using Fleet.Server.Notifications;
using Fleet.Server.Notifications.Channels;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Notifications;

/// <summary>
/// The delivery log is written more than any other table while notifications go out: every delivery is inserted, claimed
/// and recorded. Its two updates must be able to stay on the row's page without new index entries (PostgreSQL's HOT
/// updates, docs/performance.md), so no index may name a column they change, and its pages keep room for them. A database
/// of the version before, with the index on the status, is brought to this shape by the schema and keeps its parked ones.
/// </summary>
public sealed class DeliveryLogStorageTests(FleetApp app) : IClassFixture<FleetApp>
{
    private const string Pool = FleetApp.Jiangan;

    /// <summary>The index of the version before, on the status.</summary>
    private const string StatusIndex = "ix_fleet_notification_deliveries_parked";

    [Fact]
    public async Task No_index_names_a_column_the_claim_or_the_record_changes_and_each_page_keeps_room_for_them()
    {
        var indexes = await IndexesAsync();
        indexes.Should().ContainKeys("ix_fleet_notification_deliveries_notification", NotificationStore.ParkedIndex);
        foreach (var (name, definition) in indexes)
            NotificationStore.ChangingColumns.Where(column => Regex.IsMatch(definition, $@"\b{column}\b"))
                .Should().BeEmpty($"{name} ({definition}) would make every update of a delivery a new row with new index entries");

        (await StorageOptionsAsync()).Should().Contain($"fillfactor={NotificationStore.DeliveriesFillFactor}");
    }

    [Fact]
    public async Task A_database_with_the_index_on_the_status_gets_the_new_one_and_keeps_its_parked_deliveries_in_the_log()
    {
        var store = app.Host.Services.GetRequiredService<NotificationStore>();
        var now = app.Clock.GetCurrentInstant();
        var notice = new Notification(Guid.NewGuid(), FleetApp.PoolCode(Pool), Guid.NewGuid(), NotificationKind.PapersExpiring, false, null,
            "/admin/vehicles", new NotificationFacts(Plate: "鄂A·P0001", Paper: "insurance", Due: new LocalDate(2026, 12, 1)), now);
        var delivery = new Queued(NotificationIds.Delivery(notice.Id, "Email"), notice.Id, notice.Pool, ChannelKind.Email, "reject-old@ja0001.example.gov.cn");
        await using (var session = app.Store.LightweightSession(FleetApp.PoolCode(Pool)))
        {
            store.AddAll(session, [notice], [delivery], now);
            await session.SaveChangesAsync();
        }

        // As the version before left it: parked by its status alone, found through the index on the status.
        await app.ExecuteSqlAsync($"""
            update fleet_notification_deliveries set status = 'parked', attempts = 1, last_error = 'SMTP 550', updated_at = now() where id = '{delivery.Id}';
            drop index {NotificationStore.ParkedIndex};
            alter table fleet_notification_deliveries drop column parked_at;
            alter table fleet_notification_deliveries reset (fillfactor);
            create index {StatusIndex} on fleet_notification_deliveries (pool, updated_at) where status = 'parked';
            """);
        (await app.Store.Storage.Database.CreateMigrationAsync()).Difference.Should().NotBe(Weasel.Core.SchemaPatchDifference.None);

        await app.Store.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync();

        (await IndexesAsync()).Should().ContainKey(NotificationStore.ParkedIndex).And.NotContainKey(StatusIndex);
        (await StorageOptionsAsync()).Should().Contain($"fillfactor={NotificationStore.DeliveriesFillFactor}");
        var difference = await app.Store.Storage.Database.CreateMigrationAsync();
        difference.Difference.Should().Be(Weasel.Core.SchemaPatchDifference.None, string.Join(", ", difference.Deltas.Where(d =>
            d.Difference != Weasel.Core.SchemaPatchDifference.None).Select(d => $"{d.SchemaObject.Identifier.QualifiedName} {d.Difference}")));
        var parked = await app.GetAs(Pool, Role.FleetAdmin, "/api/notifications/deliveries?status=parked");
        parked.EnumerateArray().Should().ContainSingle(d => d.GetProperty("id").GetString() == delivery.Id)
            .Which.GetProperty("lastError").GetString().Should().Be("SMTP 550");
    }

    private Task<string[]> StorageOptionsAsync() =>
        app.ScalarSqlAsync<string[]>($"select reloptions from pg_class where oid = 'public.{NotificationStore.DeliveriesTable}'::regclass");

    private async Task<Dictionary<string, string>> IndexesAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = 'fleet_notification_deliveries'", connection);
        var indexes = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) indexes[reader.GetString(0)] = reader.GetString(1);
        return indexes;
    }
}
