using JasperFx.Descriptors;
using JasperFx.MultiTenancy;
using Marten.Schema;
using Marten.Storage;
using Weasel.Core.Migrations;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// Marten's static multi-database tenancy with one answer corrected (ADR 025): whether a pool is stored in a given database.
/// Marten's own looks the pool up among the databases' identifiers, which holds only when each database holds a single
/// tenant named like it; Fleet keeps a city's many pools in one database, so a session's <c>ForTenant</c> to another pool of
/// the same city — and a projection's, filing a record in the pool it belongs to — would be refused. Everything else is
/// Marten's.
/// </summary>
public sealed class PoolTenancy(StaticMultiTenancy inner) : ITenancy, IAsyncDisposable
{
    public bool IsTenantStoredInCurrentDatabase(IMartenDatabase database, string tenantId)
    {
        try
        {
            return ReferenceEquals(inner.GetTenant(tenantId).Database, database);
        }
        catch (UnknownTenantIdException)
        {
            return false;
        }
    }

    public Tenant Default => inner.Default;
    public IDocumentCleaner Cleaner => inner.Cleaner;
    public DatabaseCardinality Cardinality => inner.Cardinality;
    public Tenant GetTenant(string tenantId) => inner.GetTenant(tenantId);
    public ValueTask<Tenant> GetTenantAsync(string tenantId) => inner.GetTenantAsync(tenantId);
    public ValueTask<IMartenDatabase> FindOrCreateDatabase(string tenantIdOrDatabaseIdentifier) => inner.FindOrCreateDatabase(tenantIdOrDatabaseIdentifier);
    public ValueTask<IMartenDatabase> FindDatabase(DatabaseId id) => ((ITenancy)inner).FindDatabase(id);
    public ValueTask<DatabaseUsage> DescribeDatabasesAsync(CancellationToken token) => inner.DescribeDatabasesAsync(token);
    public ValueTask<IReadOnlyList<IDatabase>> BuildDatabases() => inner.BuildDatabases();
    public void Dispose() => inner.Dispose();
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
