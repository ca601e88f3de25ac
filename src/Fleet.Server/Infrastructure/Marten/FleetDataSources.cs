using Fleet.Server.Infrastructure.Database;
using Npgsql;
using Weasel.Postgresql.Connections;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// Hands Marten the data source Fleet configured for each of its databases (NodaTime types, prepared statements, ADR 021)
/// instead of a new one with Npgsql's defaults.
/// </summary>
internal sealed class FleetDataSources(FleetDatabases databases) : INpgsqlDataSourceFactory
{
    public NpgsqlDataSource Create(string connectionString) => databases.DataSourceFor(connectionString);
}
