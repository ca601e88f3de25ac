using Fleet.Projections.Compliance;
using Marten.Schema;

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
}
