using System.Security.Cryptography;
using System.Text;
using Marten.Storage;
using Npgsql;

namespace Fleet.Server.Infrastructure.Database;

/// <summary>
/// Creates or migrates Marten's tables and functions at start, and remembers what it applied: a fingerprint of the
/// whole schema Fleet expects (the DDL that would create it). A restart with the same code finds the same fingerprint
/// and skips the comparison with the live database, which reads the catalog object by object and is most of a start.
/// Any change to a document, index, projection or table changes the DDL, hence the fingerprint, and the next start
/// migrates as before. Marten is then told that every feature is checked, so that first requests do not check again.
/// With cities in databases of their own (ADR 025) each database is checked and remembers its own fingerprint: a city's
/// database added to the list is created at the next start while the others only compare a fingerprint.
/// </summary>
public sealed class SchemaSetup(IDocumentStore store, ILogger<SchemaSetup> logger) : IHostedService
{
    private const string Table = "fleet_schema_fingerprint";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var database in await store.Storage.AllDatabases())
        {
            await SetUpAsync(database, cancellationToken);
        }
    }

    private async Task SetUpAsync(IMartenDatabase database, CancellationToken cancellationToken)
    {
        var schema = store.Options.DatabaseSchemaName;
        var fingerprint = Fingerprint(store, database);

        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        if (await StoredAsync(connection, schema, cancellationToken) != fingerprint)
        {
            var applied = await database.ApplyAllConfiguredChangesToDatabaseAsync(ct: cancellationToken);
            await using var remember = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new($"create table if not exists {schema}.{Table} (fingerprint text not null, applied_at timestamptz not null default now())"),
                    new($"delete from {schema}.{Table}"),
                    new($"insert into {schema}.{Table} (fingerprint) values ($1)") { Parameters = { new() { Value = fingerprint } } },
                },
            };
            await remember.ExecuteNonQueryAsync(cancellationToken);
            logger.LogInformation("Database {Database} schema {Outcome}; fingerprint {Fingerprint}", database.Id.Identity, applied, fingerprint[..12]);
        }

        ((Weasel.Core.Migrations.DatabaseBase<NpgsqlConnection>)database).MarkAllFeaturesAsChecked();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>SHA-256 of the DDL that creates every table, function and sequence Fleet's store is configured with.</summary>
    public static string Fingerprint(IDocumentStore store) => Fingerprint(store, store.Storage.Database);

    private static string Fingerprint(IDocumentStore store, IMartenDatabase database)
    {
        var migrator = ((StoreOptions)store.Options).Advanced.Migrator;
        var ddl = new StringWriter();
        foreach (var schemaObject in database.AllObjects().OrderBy(o => o.Identifier.QualifiedName, StringComparer.Ordinal))
        {
            ddl.WriteLine(schemaObject.Identifier.QualifiedName);
            schemaObject.WriteCreateStatement(migrator, ddl);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ddl.ToString())));
    }

    private static async Task<string?> StoredAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand($"select fingerprint from {schema}.{Table} limit 1", connection);
        try
        {
            return await read.ExecuteScalarAsync(cancellationToken) as string;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // A new database: everything is to be created.
            return null;
        }
    }
}
