using System.Security.Cryptography;
using Fleet.Server.Infrastructure.Database;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Fleet.Server.Positions.Gateway;

/// <summary>
/// The authentication code issued to each terminal when it registered (JT/T 808 0x8100): one per terminal, a new
/// registration superseding the old one. Kept in a table of its own: it is the gateway's secret, not a fact of the fleet. In
/// the database of the city whose car carries the terminal (ADR 025).
/// </summary>
public sealed class TerminalCodes(FleetDatabases databases, IDocumentStore store)
{
    public const string Name = "fleet_terminal_codes";

    private string Table => $"{store.Options.DatabaseSchemaName}.{Name}";

    public static void Add(StoreOptions options)
    {
        var table = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, Name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("terminal", "text").AsPrimaryKey();
        table.AddColumn("code", "text").NotNull();
        table.AddColumn("issued_at", "timestamptz").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(table);
    }

    /// <summary>A fresh code for the terminal, replacing any it had: 16 random letters and digits, printable as the protocol's STRING.</summary>
    public async Task<string> IssueAsync(string terminal, string pool, Instant now, CancellationToken cancellation)
    {
        var code = RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
        await using var command = databases.For(pool).DataSource.CreateCommand($"""
            insert into {Table} (terminal, code, issued_at) values ($1, $2, $3)
            on conflict (terminal) do update set code = excluded.code, issued_at = excluded.issued_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = terminal });
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync(cancellation);
        return code;
    }

    /// <summary>Whether <paramref name="code"/> is the one last issued to the terminal, compared in constant time.</summary>
    public async Task<bool> MatchesAsync(string terminal, string pool, string code, CancellationToken cancellation)
    {
        await using var command = databases.For(pool).DataSource.CreateCommand($"select code from {Table} where terminal = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = terminal });
        var issued = await command.ExecuteScalarAsync(cancellation) as string;
        return issued is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(issued), System.Text.Encoding.UTF8.GetBytes(code));
    }
}
