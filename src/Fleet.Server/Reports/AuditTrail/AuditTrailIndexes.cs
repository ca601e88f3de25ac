using Fleet.Server.Infrastructure.Marten;

namespace Fleet.Server.Reports.AuditTrail;

/// <summary>
/// The audit search reads what one person did, or what anybody did between two moments, newest first (by the moment each
/// event was recorded, then its sequence). Marten indexes its event table by stream, sequence and event id only, so both
/// read every event of the store; these two indexes hold the events in the search's own order, by person and by moment,
/// with the pool beside them for a pool's supervisor (ADR 015). The search's conditions and its order are written in the
/// same columns, so that PostgreSQL reads a page and a count from the index range alone. Marten asks only for events not
/// archived (<c>is_archived = FALSE</c>), which is what the indexes hold.
/// </summary>
public static class AuditTrailIndexes
{
    public const string ByActor = "mt_events_idx_user_name_timestamp";
    public const string ByMoment = "mt_events_idx_timestamp";
    private const string NotArchived = "NOT is_archived";

    public static void Add(StoreOptions options)
    {
        var schema = options.Events.DatabaseSchemaName;
        EventTableIndex.Add(options, "AuditTrailIndexes",
            new EventTableIndex(schema, ByActor, "user_name, \"timestamp\", seq_id", include: "tenant_id", where: NotArchived),
            new EventTableIndex(schema, ByMoment, "\"timestamp\", seq_id", include: "tenant_id", where: NotArchived));
    }
}
