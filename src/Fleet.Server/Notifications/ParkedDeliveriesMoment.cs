using System.Data.Common;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Fleet.Server.Notifications;

/// <summary>
/// Gives the deliveries parked before the delivery log had <c>parked_at</c> the moment they were parked (their last update:
/// a parked delivery is not tried again), so that the log's parked ones, found through <c>parked_at</c>, still show them.
/// It is part of the schema so that it runs where the column is added, at the first start or <c>db-apply</c> of this
/// version, and finds nothing to do after. The check reads the column through the row as JSON, because before the
/// migration the column is not there yet.
/// </summary>
public sealed class ParkedDeliveriesMoment(string schema) : ISchemaObjectWithDependencies
{
    private const string Table = NotificationStore.DeliveriesTable;

    public DbObjectName Identifier => new PostgresqlObjectName(schema, $"{Table}_parked_at_backfill", SchemaUtils.IdentifierUsage.General);

    public IEnumerable<DbObjectName> DependsOn => [new PostgresqlObjectName(schema, Table, SchemaUtils.IdentifierUsage.General)];

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) =>
        writer.WriteLine($"UPDATE {schema}.{Table} SET parked_at = updated_at WHERE status = 'parked' AND parked_at IS NULL;");

    /// <summary>Nothing to drop: what it wrote is data, and stays right.</summary>
    public void WriteDropStatement(Migrator migrator, TextWriter writer)
    {
    }

    /// <summary>
    /// On a new database the table is not there when the schema is compared: the look into it runs only if it is
    /// (<c>query_to_xml</c> plans its query when it runs, where a plain subquery would fail on the missing table at once).
    /// </summary>
    public void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        builder.Append("select case when to_regclass(");
        builder.AppendParameter($"{schema}.{Table}");
        builder.Append("::text) is null then false else (xpath('/row/owed/text()', query_to_xml(format(" +
                       "'select exists (select 1 from %s d where d.status = ''parked'' and to_jsonb(d) ->> ''parked_at'' is null) as owed', ");
        builder.AppendParameter($"{schema}.{Table}");
        builder.Append("::text), false, true, '')))[1]::text = 'true' end;");
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        var owed = await reader.ReadAsync(ct) && reader.GetBoolean(0);
        return new SchemaObjectDelta(this, owed ? SchemaPatchDifference.Create : SchemaPatchDifference.None);
    }

    public IEnumerable<DbObjectName> AllNames()
    {
        yield return Identifier;
    }
}
