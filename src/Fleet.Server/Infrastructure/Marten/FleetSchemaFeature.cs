using Weasel.Core;
using Weasel.Core.Migrations;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// Schema objects of Fleet's own on Marten's tables, registered as a storage feature: Marten yields such features after its
/// own document and event tables, so that a new database has the tables before what is built on them. Marten keeps one
/// feature per storage type and ignores a second, so each kind of object (<typeparamref name="TObject"/>) is registered in one call,
/// all of its objects together.
/// </summary>
internal sealed class FleetSchemaFeature<TObject>(string identifier, Migrator migrator, IReadOnlyList<TObject> objects)
    : FeatureSchemaBase(identifier, migrator), IFeatureSchema where TObject : ISchemaObject
{
    Type IFeatureSchema.StorageType => typeof(FleetSchemaFeature<TObject>);

    protected override IEnumerable<ISchemaObject> schemaObjects() => objects.Cast<ISchemaObject>();

    public static void Add(StoreOptions options, string identifier, IReadOnlyList<TObject> objects) =>
        options.Storage.Add(new FleetSchemaFeature<TObject>(identifier, options.Advanced.Migrator, objects));
}

/// <summary>A schema object whose definition changed: dropped and created again.</summary>
internal sealed class RebuiltSchemaObject(ISchemaObject schemaObject) : ISchemaObjectDelta
{
    public ISchemaObject SchemaObject => schemaObject;
    public SchemaPatchDifference Difference => SchemaPatchDifference.Update;

    public void WriteUpdate(Migrator rules, TextWriter writer)
    {
        schemaObject.WriteDropStatement(rules, writer);
        schemaObject.WriteCreateStatement(rules, writer);
    }

    public void WriteRollback(Migrator rules, TextWriter writer) => schemaObject.WriteDropStatement(rules, writer);

    public void WriteRestorationOfPreviousState(Migrator rules, TextWriter writer) => schemaObject.WriteDropStatement(rules, writer);
}
