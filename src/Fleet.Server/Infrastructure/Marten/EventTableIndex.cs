using System.Data.Common;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// An index of Fleet's own on Marten's event table (<c>mt_events</c>). Marten 9.62 declares that table's indexes itself and
/// has no way to add one; it can be told to leave a named index alone (<c>Events.IgnoreIndex</c>), and this schema object
/// creates it with the rest of the schema, at start or by <c>db-apply</c> (ADR 015). <see cref="Definition"/> is written
/// as PostgreSQL writes the index back (<c>pg_get_indexdef</c>), so that a comparison finds it unchanged, and a changed
/// definition is dropped and built again.
/// </summary>
public sealed class EventTableIndex : ISchemaObjectWithDependencies
{
    private readonly string _schema;

    /// <param name="schema">The event store's schema.</param>
    /// <param name="name">The index's name, unique in the schema.</param>
    /// <param name="columns">The key columns, as PostgreSQL writes them (<c>"timestamp"</c> quoted, as a type name).</param>
    /// <param name="include">Columns carried in the index besides the key, so that a count reads the index alone.</param>
    /// <param name="where">The events the index holds, as PostgreSQL writes the condition back.</param>
    public EventTableIndex(string schema, string name, string columns, string? include = null, string? where = null)
    {
        _schema = schema;
        Name = name;
        Definition = $"CREATE INDEX {name} ON {schema}.mt_events USING btree ({columns})" + (include is null ? "" : $" INCLUDE ({include})")
                     + (where is null ? "" : $" WHERE ({where})");
    }

    public string Name { get; }

    /// <summary>The index as PostgreSQL describes it.</summary>
    public string Definition { get; }

    /// <summary>
    /// Adds <paramref name="indexes"/> to the store's schema as a feature of their own and tells Marten's comparison of the
    /// event table to leave them alone. A feature registered by Fleet comes after Marten's own, the event store's tables
    /// included, so that a new database has the table before its indexes (Fleet's other schema objects come first).
    /// </summary>
    public static void Add(StoreOptions options, string feature, params EventTableIndex[] indexes)
    {
        foreach (var index in indexes) options.Events.IgnoreIndex(index.Name);
        FleetSchemaFeature<EventTableIndex>.Add(options, feature, indexes);
    }

    public DbObjectName Identifier => new PostgresqlObjectName(_schema, Name, SchemaUtils.IdentifierUsage.General);

    /// <summary>The event table is created first, in a new database.</summary>
    public IEnumerable<DbObjectName> DependsOn => [new PostgresqlObjectName(_schema, "mt_events", SchemaUtils.IdentifierUsage.General)];

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine(Definition + ";");

    public void WriteDropStatement(Migrator migrator, TextWriter writer) => writer.WriteLine($"DROP INDEX IF EXISTS {_schema}.{Name};");

    public void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        builder.Append("select pg_get_indexdef(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'i' and n.nspname = ");
        builder.AppendParameter(_schema);
        builder.Append(" and c.relname = ");
        builder.AppendParameter(Name);
        builder.Append(";");
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        if (!await reader.ReadAsync(ct)) return new SchemaObjectDelta(this, SchemaPatchDifference.Create);
        var actual = reader.GetString(0);
        return actual == Definition ? new SchemaObjectDelta(this, SchemaPatchDifference.None) : new RebuiltSchemaObject(this);
    }

    public IEnumerable<DbObjectName> AllNames()
    {
        yield return Identifier;
    }
}
