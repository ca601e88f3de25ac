using Marten.Schema;

namespace Fleet.Server.Infrastructure.Marten;

/// <summary>
/// Where Marten keeps a document type, for the few queries written in SQL: its table and the columns it duplicates
/// out of the JSON (see <c>MartenSetup</c>), named by the member they copy so that a rename cannot go unnoticed.
/// </summary>
public sealed class DocumentTable
{
    private readonly DocumentMapping _mapping;

    private DocumentTable(DocumentMapping mapping) => _mapping = mapping;

    public static DocumentTable Of<T>(IQuerySession session) =>
        new((DocumentMapping)session.DocumentStore.Options.FindOrResolveDocumentType(typeof(T)));

    /// <summary>The schema-qualified table name.</summary>
    public string Name => _mapping.TableName.QualifiedName;

    /// <summary>The column a member (the last of its path, as in <c>Assignment.VehicleId</c>) is duplicated into.</summary>
    public string Column(string member) => _mapping.DuplicatedFields.Single(f => f.Members.Last().Name == member).ColumnName;
}
