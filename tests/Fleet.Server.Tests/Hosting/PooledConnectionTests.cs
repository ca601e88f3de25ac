using Fleet.Server.Infrastructure.Database;
using Fleet.Testing;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Fleet.Server.Tests.Hosting;

/// <summary>
/// What a connection keeps and what it gives up when it goes back to the pool: the statements it runs often stay prepared,
/// and the plans of the statements inside functions stay cached; what one user of the connection set up for itself (an
/// advisory lock, a setting, a temporary table) does not pass to the next. Npgsql resets a connection when it is next
/// used, not when it is returned: a session lock must be released by its holder (see <c>AuditChainKeeper</c>).
/// </summary>
public sealed class PooledConnectionTests(FleetApp app) : IClassFixture<FleetApp>
{
    [Fact]
    public async Task A_connection_back_in_the_pool_keeps_its_prepared_statements_and_gives_up_its_locks_settings_and_temporary_tables()
    {
        // A database of its own, so that its pool holds the one connection this test uses.
        await using var database = Open(app.ConnectionString);
        const long key = 0x466c656574546573;

        int backend;
        await using (var first = await database.DataSource.OpenConnectionAsync())
        {
            backend = await ScalarAsync<int>(first, "select pg_backend_pid()");
            (await ScalarAsync<bool>(first, $"select pg_try_advisory_lock({key})")).Should().BeTrue();
            await ScalarAsync<string>(first, "select set_config('statement_timeout', '1234', false)");
            await ScalarAsync<int>(first, "create temp table left_behind (n int); select 1");
            for (var i = 0; i < 6; i++) await ScalarAsync<int>(first, "select count(*)::int from pg_class where relname = 'mt_events'");
            (await ScalarAsync<long>(first, "select count(*) from pg_prepared_statements")).Should().BeGreaterThan(0, "a statement run often is prepared");
        }

        await using var again = await database.DataSource.OpenConnectionAsync();
        (await ScalarAsync<int>(again, "select pg_backend_pid()")).Should().Be(backend, "the pool hands back its one connection");
        (await ScalarAsync<long>(again, "select count(*) from pg_prepared_statements")).Should().BeGreaterThan(0, "the reset keeps prepared statements");
        (await ScalarAsync<string>(again, "show statement_timeout")).Should().Be("0", "a setting made by the last user is reset");
        (await ScalarAsync<long>(again, "select count(*) from pg_class where relname = 'left_behind' and relpersistence = 't'")).Should().Be(0);
        (await ScalarAsync<long>(again, "select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()")).Should().Be(0,
            "the lock the last user took is released");
    }

    [Theory]
    [InlineData(";Max Auto Prepare=0", null, 0)]
    [InlineData("", "0", 0)]
    [InlineData(";Max Auto Prepare=20", "0", 1)]
    public async Task Automatic_preparation_is_turned_off_by_the_setting_and_the_connection_string_has_the_last_word(string added, string? setting,
        int prepared)
    {
        await using var database = Open(app.ConnectionString + added, setting);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        for (var i = 0; i < 6; i++) await ScalarAsync<int>(connection, "select 1");
        (await ScalarAsync<long>(connection, "select count(*) from pg_prepared_statements")).Should().Be(prepared);
    }

    [Theory]
    [InlineData(null, "auto")]
    [InlineData("true", "force_custom_plan")]
    public async Task A_rebuild_plans_each_statement_for_its_values_and_a_serving_server_keeps_postgresqls_choice(string? planEachStatement, string mode)
    {
        await using var database = Open(app.ConnectionString, planEachStatement: planEachStatement);
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            (await ScalarAsync<string>(connection, "show plan_cache_mode")).Should().Be(mode);
        }

        await using var unflushed = await database.UnflushedDataSource.OpenConnectionAsync();
        (await ScalarAsync<string>(unflushed, "show plan_cache_mode")).Should().Be(mode);
        (await ScalarAsync<string>(unflushed, "show synchronous_commit")).Should().Be("off");
    }

    private static FleetDatabase Open(string connectionString, string? maxAutoPrepare = null, string? planEachStatement = null) => FleetDatabase.Open(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Fleet"] = connectionString,
            ["Fleet:Database:MaxAutoPrepare"] = maxAutoPrepare,
            [FleetDatabase.PlanEachStatement] = planEachStatement,
        }).Build(),
        new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory }, NullLogger.Instance);

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
