using System.Data.Common;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// Statistics PostgreSQL gathers on an expression over a document's JSON (<c>CREATE STATISTICS … ON (expr)</c>). A column
/// has statistics of its own, a value inside the JSON has none unless an index is built on exactly that expression: a partial
/// index's condition gives the planner the index's size, not how the values spread. Without them it guesses, and a guess that
/// is right for a small table can be far off for a large one (docs/performance.md, "Statistics on the trip's status"). Created
/// with the schema, at start or by <c>db-apply</c>, and analysed at once, since a new statistics object is empty until then.
/// </summary>
public sealed class ExpressionStatistics : ISchemaObjectWithDependencies
{
    private readonly string _schema;
    private readonly string _table;

    /// <param name="schema">The document tables' schema.</param>
    /// <param name="name">The statistics object's name, unique in the schema.</param>
    /// <param name="table">The table, in <paramref name="schema"/>.</param>
    /// <param name="expression">The expression as PostgreSQL writes it back (<c>pg_get_statisticsobjdef_expressions</c>), so
    /// that a comparison finds it unchanged; a changed one is dropped and created again.</param>
    public ExpressionStatistics(string schema, string name, string table, string expression)
    {
        _schema = schema;
        _table = table;
        Name = name;
        Expression = expression;
    }

    public string Name { get; }

    public string Expression { get; }

    /// <summary>Adds <paramref name="statistics"/> to the store's schema as a feature of their own, after the document tables.</summary>
    public static void Add(StoreOptions options, string feature, params ExpressionStatistics[] statistics) =>
        FleetSchemaFeature<ExpressionStatistics>.Add(options, feature, statistics);

    public DbObjectName Identifier => new PostgresqlObjectName(_schema, Name, SchemaUtils.IdentifierUsage.General);

    public IEnumerable<DbObjectName> DependsOn => [new PostgresqlObjectName(_schema, _table, SchemaUtils.IdentifierUsage.General)];

    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        writer.WriteLine($"CREATE STATISTICS {_schema}.{Name} ON ({Expression}) FROM {_schema}.{_table};");
        writer.WriteLine($"ANALYZE {_schema}.{_table};");
    }

    public void WriteDropStatement(Migrator migrator, TextWriter writer) => writer.WriteLine($"DROP STATISTICS IF EXISTS {_schema}.{Name};");

    public void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        builder.Append("select c.relname, array_to_string(pg_get_statisticsobjdef_expressions(s.oid), ', ') from pg_statistic_ext s " +
                       "join pg_namespace n on n.oid = s.stxnamespace join pg_class c on c.oid = s.stxrelid where n.nspname = ");
        builder.AppendParameter(_schema);
        builder.Append(" and s.stxname = ");
        builder.AppendParameter(Name);
        builder.Append(";");
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        if (!await reader.ReadAsync(ct)) return new SchemaObjectDelta(this, SchemaPatchDifference.Create);
        var same = reader.GetString(0) == _table && !await reader.IsDBNullAsync(1, ct) && reader.GetString(1) == Expression;
        return same ? new SchemaObjectDelta(this, SchemaPatchDifference.None) : new RebuiltSchemaObject(this);
    }

    public IEnumerable<DbObjectName> AllNames()
    {
        yield return Identifier;
    }
}
