using Fleet.Domain.Trips;
using Marten.Schema;
using Weasel.Postgresql.Tables;

namespace Fleet.Server.Trips;

/// <summary>
/// The indexes that find a pool's reservations among a year of trips (see <c>DispatchDesk.ReservationsAsync</c>),
/// and the SQL expressions they are built on, which the queries must repeat word for word to be served by them.
/// </summary>
public static class TripMapping
{
    /// <summary>The trip's status as Marten stores it in the document.</summary>
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
    }
}
