using Fleet.Samples.DemoHost;
using Fleet.Server.Hosting;
using Fleet.Server.Infrastructure.Database;
using Fleet.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fleet.Benchmarks;

/// <summary>
/// What every measurement runs on: a PostgreSQL of its own with production durability (fsync on), and Fleet as
/// Program.cs assembles it, in Production, quiet but for warnings.
/// </summary>
internal sealed class BenchmarkPostgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly bool _kept;

    /// <param name="folder">Where to keep the cluster across runs (loaded data is reused); a temporary folder when left out.</param>
    /// <param name="settings">PostgreSQL settings over the defaults, such as <c>max_wal_size</c>, to compare configurations.</param>
    public BenchmarkPostgres(string? folder = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        _kept = folder is not null;
        _folder = folder is null ? Path.Combine(Path.GetTempPath(), $"fleet-benchmark-{Environment.ProcessId}") : Path.GetFullPath(folder);
        Server = EmbeddedPostgres.Start(new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(_folder, "postgres"),
            ServerSettings = settings ?? new Dictionary<string, string>(),
        }, NullLogger.Instance);
    }

    public EmbeddedPostgres Server { get; }

    /// <summary>The folder that holds the cluster (in its <c>postgres</c> folder) and what is kept with it.</summary>
    public string Folder => _folder;

    /// <summary>The cluster's postmaster, whose account holds the time of every backend that has ended.</summary>
    public int PostmasterId => int.Parse(File.ReadLines(Path.Combine(_folder, "postgres", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A new, empty database on the server, and the connection string to it.</summary>
    public string CreateDatabase(string name)
    {
        FleetDatabase.EnsureDatabaseExists(Server.AdminConnectionString, name);
        return Server.ConnectionStringFor(name);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        Server.Stop();
        if (_kept) return ValueTask.CompletedTask;
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder in the temp directory is harmless.
        }

        return ValueTask.CompletedTask;
    }
}

internal static class BenchmarkHost
{
    /// <summary>The server on a loopback port, with <paramref name="settings"/> over the measurement defaults.</summary>
    public static WebApplicationBuilder Create(string connectionString, int port, IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ApplicationName = "Fleet.Server",
            ContentRootPath = TestRepository.PathOf("src", "Fleet.Server"),
        });
        var defaults = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Fleet"] = connectionString,
            ["Fleet:Audit:SigningKeyFile"] = FleetApp.AuditSigningKeyFile,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Wolverine"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            ["Logging:LogLevel:Fleet.Server.Setup"] = "Error",
        };
        foreach (var (key, value) in settings) defaults[key] = value;
        builder.Configuration.AddInMemoryCollection(defaults);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddFleet(new DemoModule());
        return builder;
    }
}
