using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Fleet.Server.Positions.Store;

/// <summary>
/// The table positions are kept in (docs/adr/017): partitioned by the time of the fix, one partition per local day, so
/// that a track is read from the days it spans and a day past the retention is dropped whole. Created with the rest of
/// the store; its partitions are <see cref="PositionPartitions"/>' business, not the schema migration's.
/// </summary>
public static class PositionTable
{
    public const string Name = "fleet_positions";

    public static void Add(StoreOptions options)
    {
        var table = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, Name, SchemaUtils.IdentifierUsage.General));
        // Widest first, so that a row packs without padding: at, received_at, the car; then the 4-byte and 2-byte numbers.
        table.AddColumn("vehicle", "uuid").AsPrimaryKey();
        table.AddColumn("at", "timestamptz").AsPrimaryKey();
        table.AddColumn("received_at", "timestamptz").NotNull();
        table.AddColumn("lat", "integer").NotNull();
        table.AddColumn("lon", "integer").NotNull();
        table.AddColumn("alarm", "integer").NotNull();
        table.AddColumn("status", "integer").NotNull();
        table.AddColumn("mileage", "bigint");
        table.AddColumn("fuel", "integer");
        table.AddColumn("altitude", "smallint").NotNull();
        table.AddColumn("speed", "smallint").NotNull();
        table.AddColumn("direction", "smallint").NotNull();
        table.AddColumn("pool", "text").NotNull();
        table.AddColumn("terminal", "text").NotNull();
        table.PartitionByRange("at");
        table.IgnorePartitionsInMigration = true;
        options.Storage.ExtendedSchemaObjects.Add(table);
    }
}
