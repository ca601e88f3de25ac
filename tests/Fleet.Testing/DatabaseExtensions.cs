using Npgsql;

namespace Fleet.Testing;

/// <summary>SQL run straight on the test server's database: what a test sets up or reads behind the server's back.</summary>
public static class DatabaseExtensions
{
    public static async Task ExecuteSqlAsync(this FleetApp app, string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarSqlAsync<T>(this FleetApp app, string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
