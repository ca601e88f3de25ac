using System.Text;
using Npgsql;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// What PostgreSQL ran, counted by <c>pg_stat_statements</c>: the settings a measured cluster starts with, the mark that
/// leaves a measurement's own looks out of the counts, and the statements that ran most often or longest.
/// </summary>
internal static class StatementStatistics
{
    /// <summary>Marks the measurement's own statements, so that the database's counts leave them out.</summary>
    public const string Mark = "/* measurement */ ";

    /// <summary>The cluster's settings for counting: loaded at start, planning counted with running.</summary>
    public static Dictionary<string, string> Settings() => new()
    {
        ["shared_preload_libraries"] = "pg_stat_statements", ["pg_stat_statements.max"] = "5000", ["pg_stat_statements.track_planning"] = "on",
    };

    /// <summary>A new database of a counting cluster, with the extension that reads the counts.</summary>
    public static async Task<string> CreateDatabaseAsync(BenchmarkPostgres benchmark, string name)
    {
        var database = benchmark.CreateDatabase(name);
        await BenchmarkPostgres.ExecuteAsync(database, "create extension if not exists pg_stat_statements");
        return database;
    }

    /// <summary>
    /// The statements of this database that ran most often (<c>calls</c>) or longest (<c>total_exec_time + total_plan_time</c>)
    /// since the counts were last reset, each per <paramref name="unit"/> (a trip, a request) of <paramref name="units"/>.
    /// </summary>
    public static async Task<string> BusiestAsync(string connectionString, double units, string unit, string orderBy, int limit)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Mark + $"""
            select calls, total_exec_time + total_plan_time, left(regexp_replace(query, '\s+', ' ', 'g'), 150) from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) and query not like '{Mark.Trim()}%'
            order by {orderBy} desc limit {limit}
            """, connection);
        var text = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            text.AppendLine($"{reader.GetInt64(0) / units,8:0.00} {unit} {reader.GetDouble(1) / units,8:0.000} ms {unit}  {reader.GetString(2)}");
        return text.ToString();
    }
}
