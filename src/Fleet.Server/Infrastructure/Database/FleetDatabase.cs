using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fleet.Server.Infrastructure.Database;

/// <summary>
/// The one PostgreSQL database Fleet keeps everything in. With <c>ConnectionStrings:Fleet</c> configured it is
/// that server, untouched; otherwise Fleet runs its own embedded cluster and stops it again when the host is
/// disposed, which happens only after Wolverine and the projection daemon have shut down.
/// </summary>
public sealed class FleetDatabase : IAsyncDisposable
{
    public const string ConnectionStringName = "Fleet";
    public const string DatabaseName = "fleet";

    private FleetDatabase(string connectionString, EmbeddedPostgres? embedded, int maxAutoPrepare, bool planEachStatement)
    {
        ConnectionString = connectionString;
        Embedded = embedded;
        var planning = planEachStatement ? "-c plan_cache_mode=force_custom_plan" : "";
        DataSource = WithOptions(Prepared(new NpgsqlDataSourceBuilder(connectionString), maxAutoPrepare), planning).UseNodaTime().Build();
        UnflushedDataSource = WithOptions(Prepared(new NpgsqlDataSourceBuilder(connectionString), maxAutoPrepare), $"-c synchronous_commit=off {planning}")
            .UseNodaTime().Build();
    }

    /// <summary>
    /// <c>Fleet:Database:PlanEachStatement</c>: every statement planned for the values it is run with, never with the plan
    /// PostgreSQL keeps for a prepared statement whatever the values. A command that rebuilds projections sets it
    /// (<c>Program.cs</c>): the daemon reads a page of events as <c>seq_id &gt; $1 and seq_id &lt;= $2 … order by seq_id
    /// limit 25000</c> with the whole rest of the store between the two, and the kept plan, made for a range of a two-hundredth
    /// of the table, hashes every stream and sorts every event left for each page — a rebuild after another on the same
    /// connections took twice as long at city×2.5 and would grow with the square of the events (docs/performance.md,
    /// rebuilding). A serving server keeps PostgreSQL's choice: its reads by id gain from the kept plans.
    /// </summary>
    public const string PlanEachStatement = "Fleet:Database:PlanEachStatement";

    /// <summary>How many statements each connection keeps prepared unless the connection string or <c>Fleet:Database:MaxAutoPrepare</c> says otherwise.</summary>
    public const int MaxAutoPrepare = 100;

    /// <summary>
    /// The statements a connection runs again and again are prepared on it (Npgsql's automatic preparation), as many as
    /// <paramref name="maxAutoPrepare"/> unless the connection string sets <c>Max Auto Prepare</c> itself (ADR 021; <c>0</c>
    /// turns it off). Besides sparing PostgreSQL the parsing
    /// and planning of each, it changes how a connection is reset when it goes back to the pool: without prepared statements
    /// Npgsql sends <c>DISCARD ALL</c>, which also throws away the plans PostgreSQL keeps for the statements inside
    /// functions, so that Marten's append function (<c>mt_quick_append_events</c>) was planned again by every command;
    /// with them it resets the session (settings, advisory locks, temporary tables, cursors) and keeps the plans.
    /// </summary>
    private static NpgsqlDataSourceBuilder Prepared(NpgsqlDataSourceBuilder builder, int maxAutoPrepare)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = builder.ConnectionString };
        if (!given.Keys.Cast<string>().Any(k => k.Replace(" ", "").Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            builder.ConnectionStringBuilder.MaxAutoPrepare = maxAutoPrepare;
        return builder;
    }

    /// <summary>Session settings after those the connection string already gives.</summary>
    private static NpgsqlDataSourceBuilder WithOptions(NpgsqlDataSourceBuilder builder, string options)
    {
        builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} {options}".Trim();
        return builder;
    }

    public string ConnectionString { get; }
    public EmbeddedPostgres? Embedded { get; }
    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// Connections whose commits do not wait for the disk (<c>synchronous_commit=off</c>), for bookkeeping that a crash
    /// may roll back by a fraction of a second because what it records is done again safely: a notification delivery's
    /// claim and outcome (a lost one is sent again under the same id). Never for a fact of the fleet.
    /// </summary>
    public NpgsqlDataSource UnflushedDataSource { get; }

    public static FleetDatabase Open(IConfiguration configuration, IHostEnvironment environment, ILogger logger)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        var (maxAutoPrepare, planEachStatement) = Settings(configuration);
        if (!string.IsNullOrWhiteSpace(configured)) return new FleetDatabase(configured, null, maxAutoPrepare, planEachStatement);

        var section = configuration.GetSection("Fleet:Database");
        var embedded = EmbeddedPostgres.Start(new EmbeddedPostgresOptions
        {
            DataDirectory = section["DataDirectory"] is { Length: > 0 } dir
                ? Path.GetFullPath(dir, environment.ContentRootPath)
                : DefaultDataDirectory(environment),
            BinDirectory = section["PostgresBinDirectory"],
            OsUserWhenRoot = section["OsUser"] is { Length: > 0 } user ? user : "postgres",
        }, logger);

        try
        {
            EnsureDatabaseExists(embedded.AdminConnectionString, DatabaseName);
            return new FleetDatabase(embedded.ConnectionStringFor(DatabaseName), embedded, maxAutoPrepare, planEachStatement);
        }
        catch
        {
            embedded.Stop();
            throw;
        }
    }

    /// <summary>A database Fleet is given by its connection string (a city's, ADR 025), with the same settings as the main one.</summary>
    public static FleetDatabase Connect(string connectionString, IConfiguration configuration)
    {
        var (maxAutoPrepare, planEachStatement) = Settings(configuration);
        return new FleetDatabase(connectionString, null, maxAutoPrepare, planEachStatement);
    }

    private static (int MaxAutoPrepare, bool PlanEachStatement) Settings(IConfiguration configuration)
    {
        var maxAutoPrepare = configuration.GetValue("Fleet:Database:MaxAutoPrepare", MaxAutoPrepare);
        if (maxAutoPrepare < 0) throw new InvalidOperationException($"Fleet:Database:MaxAutoPrepare must be 0 (off) or more; it is {maxAutoPrepare}.");
        return (maxAutoPrepare, configuration.GetValue(PlanEachStatement, false));
    }

    /// <summary>
    /// Why the server cannot start its databases, in one sentence each, or null when it can: checked before the host
    /// is built so that a missing PostgreSQL installation or a wrong list of cities is reported as such and not as a stack
    /// trace.
    /// </summary>
    public static string? MissingPrerequisite(IConfiguration configuration)
    {
        if (CityMap.Problems(configuration) is { Count: > 0 } problems) return string.Join(Environment.NewLine, problems);
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName))) return null;
        try
        {
            PostgresBinaries.Locate(configuration["Fleet:Database:PostgresBinDirectory"]);
            return null;
        }
        catch (PostgresNotInstalledException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// <c>.data/postgres</c> in the repository the server was started from (git-ignored), or beside the
    /// content root of a published build.
    /// </summary>
    public static string DefaultDataDirectory(IHostEnvironment environment)
    {
        for (var dir = new DirectoryInfo(environment.ContentRootPath); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
                return Path.Combine(dir.FullName, ".data", "postgres");
        }

        return Path.Combine(environment.ContentRootPath, ".data", "postgres");
    }

    public static void EnsureDatabaseExists(string adminConnectionString, string database)
    {
        using var connection = new NpgsqlConnection(adminConnectionString);
        connection.Open();
        using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection)
        {
            Parameters = { new() { Value = database } },
        };
        if (exists.ExecuteScalar() is not null) return;

        // Identifiers cannot be parameters; the name is ours, quoted all the same.
        using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"")}\"", connection);
        try
        {
            create.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another process created it between the check and the create: that is what we wanted.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await UnflushedDataSource.DisposeAsync();
        if (Embedded is not null) await Embedded.DisposeAsync();
    }
}
