using Fleet.Projections.Compliance;
using Fleet.Server.Infrastructure.Marten;
using Marten;
using Marten.Schema;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Fleet.Server.Reports.Compliance;

/// <summary>
/// The columns and the one index the compliance report reads: a pool's flagged records of a period in order, with
/// their flags, from the index alone (a year of a large pool is some fifty thousand records).
/// </summary>
public static class FlaggedRecordMapping
{
    public const string At = "at";
    public const string Kinds = "kinds";

    public static void AddPeriodIndex(DocumentMapping mapping)
    {
        // Columns of their own, without Marten's index per column: only the one below is ever used.
        mapping.DuplicateField(nameof(FlaggedRecord.At), "timestamptz", notNull: true);
        mapping.DuplicateField(nameof(FlaggedRecord.Kinds), "integer", notNull: true);
        mapping.Indexes.Add(new DocumentIndex(mapping, "tenant_id", At, "id")
        {
            Name = "mt_doc_flaggedrecord_idx_period",
            IncludeColumns = [Kinds],
        });
    }

    /// <summary>What the search looks in, the order number and the plate, as PostgreSQL writes each expression back.</summary>
    public static readonly IReadOnlyList<(string Name, string Expression)> Searched =
    [
        ("order", "(data ->> 'orderNumber'::text)"),
        ("plate", "(data ->> 'plate'::text)"),
    ];

    /// <summary>
    /// A search is part of an order number or a plate, anywhere in it and in any case: a trigram index on the search text of
    /// each (<see cref="SearchText"/>, so that the plate's Chinese province has trigrams too) finds the few records that hold
    /// it without reading the period's (a year of a large pool is some fifty thousand). The condition is exactly the
    /// <c>ilike '%…%'</c> it replaces (<see cref="SearchText.Contains"/>), so the index changes how records are found, never
    /// which. <c>pg_trgm</c> ships with PostgreSQL and is a trusted
    /// extension: the role that applies the schema needs the right to create in the database, not a superuser's.
    /// </summary>
    public static void AddSearchIndexes(StoreOptions options)
    {
        options.Storage.ExtendedSchemaObjects.Add(new Extension("pg_trgm"));
        SearchText.Register(options);
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(FlaggedRecord)) return;
            foreach (var (name, expression) in Searched)
                mapping.Indexes.Add(new DocumentIndex(mapping, SearchText.Of(expression))
                {
                    Name = $"mt_doc_flaggedrecord_idx_{name}_trgm",
                    Method = IndexMethod.gin,
                    Mask = "? gin_trgm_ops",
                });
        });
    }
}
