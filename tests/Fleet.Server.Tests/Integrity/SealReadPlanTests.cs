using Fleet.Server.Integrity;
using Fleet.Testing;
using FluentAssertions;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Integrity;

/// <summary>
/// Every command reads back the events it stored to seal them, with one plan kept a connection. A new database has few
/// events, and the plan PostgreSQL makes then must still be a lookup by key once the city has millions: the read's own
/// settings leave no other plan, whatever the statistics say.
/// </summary>
public sealed class SealReadPlanTests(FleetApp app) : IClassFixture<FleetApp>
{
    [Fact]
    public async Task The_plan_kept_while_the_events_are_few_looks_each_event_up_by_its_key()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, "prepare seal_read(bigint[]) as " + AuditChainStore.SealReadSql("public"));

        // Without the read's settings, a table this small is read through: the plan a new city's first commands would keep.
        await ExecuteAsync(connection, "set local plan_cache_mode = force_generic_plan");
        (await PlanAsync(connection)).Should().Contain("Seq Scan on mt_events");

        await ExecuteAsync(connection, AuditChainStore.KeyLookupsOnly);
        await ExecuteAsync(connection, "deallocate seal_read");
        await ExecuteAsync(connection, "prepare seal_read(bigint[]) as " + AuditChainStore.SealReadSql("public"));
        var plan = await PlanAsync(connection);
        plan.Should().NotContain("Seq Scan").And.Contain("pkey_mt_events_seq_id");

        foreach (var setting in AuditChainStore.PlanningAsBefore) await ExecuteAsync(connection, setting);
        (await ScalarAsync(connection, "show enable_seqscan")).Should().Be("on");
        (await ScalarAsync(connection, "show plan_cache_mode")).Should().Be("auto");
    }

    private static async Task<string> PlanAsync(NpgsqlConnection connection)
    {
        await using var explain = new NpgsqlCommand("explain execute seal_read('{1,2,3}')", connection);
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
