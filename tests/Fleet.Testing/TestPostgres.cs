using Fleet.Server.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fleet.Testing;

/// <summary>
/// The PostgreSQL server a test run talks to: the one named by <c>FLEET_TEST_POSTGRES</c> (an admin
/// connection string allowed to create databases), or else a throw-away embedded cluster started once per
/// test process through the same bootstrap the server uses. Each test class gets a database of its own, so
/// classes run in parallel without seeing each other's data.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "FLEET_TEST_POSTGRES";

    private static readonly Lazy<string> AdminConnection = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static EmbeddedPostgres? _embedded;

    public static string CreateDatabase(string purpose)
    {
        var name = $"test_{Sanitize(purpose)}_{Guid.NewGuid():N}".ToLowerInvariant();
        FleetDatabase.EnsureDatabaseExists(AdminConnection.Value, name);
        return new NpgsqlConnectionStringBuilder(AdminConnection.Value) { Database = name, MaxPoolSize = 40 }.ConnectionString;
    }

    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(AdminConnection.Value);
        connection.Open();
        using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
        drop.ExecuteNonQuery();
    }

    private static string Start()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured) return configured;

        var folder = Path.Combine(Path.GetTempPath(), "fleet-tests", $"{AppDomain.CurrentDomain.FriendlyName}-{Environment.ProcessId}");
        _embedded = EmbeddedPostgres.Start(new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(folder, "postgres"),
            Durable = false,
            // Throw-away data: trade crash safety for speed.
            ServerSettings = new Dictionary<string, string>
            {
                ["fsync"] = "off",
                ["synchronous_commit"] = "off",
                ["full_page_writes"] = "off",
            },
        }, NullLogger.Instance);

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            _embedded.Stop();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover folder in the temp directory is harmless.
            }
        };
        return _embedded.AdminConnectionString;
    }

    private static string Sanitize(string text) =>
        new(text.Where(char.IsAsciiLetterOrDigit).Take(20).ToArray());
}
