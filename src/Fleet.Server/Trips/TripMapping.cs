using Fleet.Domain.Trips;
using Marten.Schema;
using Weasel.Postgresql.Tables;

namespace Fleet.Server.Trips;

/// <summary>
/// The indexes that find a pool's reservations (see <c>DispatchDesk.ReservationsAsync</c>) and its trips not yet over among
/// a year of trips, and the SQL expressions they are built on, which the queries must repeat word for word to be served by them.
/// </summary>
public static class TripMapping
{
    /// <summary>The trip's status as Marten stores it in the document. The partial indexes' conditions are written as PostgreSQL
    /// writes them back (<c>= ANY (ARRAY[…])</c>, not <c>in (…)</c>), so that the schema check on start finds what it expects.</summary>
    public const string Status = "(data ->> 'status')";

    /// <summary>A dispatched trip's reservation as a range: overlaps are what a GiST index finds directly.</summary>
    public const string ReservedRange = "tstzrange(assignmentreserved_from, assignmentreserved_until)";

    public static void AddReservationIndexes(DocumentMapping mapping)
    {
        // Only trips with a car assigned: a trip waiting for dispatch has no range, and tstzrange(null, null) is all time.
        mapping.Indexes.Add(new DocumentIndex(mapping, ReservedRange)
        {
            Name = "mt_doc_trip_idx_reserved_range",
            Method = IndexMethod.gist,
            Predicate = "assignmentreserved_from is not null",
        });
        // The trips under way at any moment are a handful: a partial index holds just them.
        mapping.Indexes.Add(new DocumentIndex(mapping, "tenant_id")
        {
            Name = "mt_doc_trip_idx_in_progress",
            Predicate = $"{Status} = '{TripStatus.InProgress}'",
        });
        // The trips not yet over — waiting for approval, dispatch or the driver, under way, or back and not yet confirmed,
        // which closes by itself within days — are a pool's few days of work whatever its history: the dispatch board,
        // the inboxes and the home page's counts ask for them, and a query naming any of these statuses is served here.
        mapping.Indexes.Add(new DocumentIndex(mapping, "tenant_id")
        {
            Name = "mt_doc_trip_idx_not_over",
            Predicate = $"{Status} = ANY (ARRAY[{string.Join(", ", NotOver.Select(s => $"'{s}'"))}])",
        });
        // Emergency trips the unit head has still to review: a few, whatever the history.
        mapping.Indexes.Add(new DocumentIndex(mapping, "tenant_id")
        {
            Name = "mt_doc_trip_idx_awaiting_review",
            Predicate = AwaitingReview,
        });
    }

    /// <summary>
    /// A trip flagged for review and not yet reviewed: what Marten's query for it implies, written as PostgreSQL writes the
    /// index back, so that the schema check on start finds the index it expects.
    /// </summary>
    private const string AwaitingReview = "((data ->> 'flaggedForReview'))::boolean AND ((data ->> 'reviewOutcome') IS NULL)";

    /// <summary>The statuses of a trip that is not yet over: what <c>mt_doc_trip_idx_not_over</c> holds.</summary>
    public static readonly TripStatus[] NotOver =
        [TripStatus.Requested, TripStatus.Approved, TripStatus.Dispatched, TripStatus.Accepted, TripStatus.InProgress, TripStatus.Completed];
}
