using Fleet.Domain.Trips;
using Fleet.Server.Infrastructure.Marten;
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

    /// <summary>
    /// The lists of trips are ordered by start and read a page at a time: the index hands over the page, not a sort of the
    /// whole history; a unit's list (a clerk's, a unit head's) and its count read the unit's entries alone. The columns keep
    /// the names they have had since they were first added.
    /// </summary>
    public static void AddListIndexes(DocumentMapping mapping)
    {
        var start = DuplicatedColumn.Add<Trip>(mapping, t => t.Details.Start, "detailsstart", pgType: "timestamptz");
        var unit = DuplicatedColumn.Add<Trip>(mapping, t => t.UnitCode, "unit_code");
        DuplicatedColumn.Index(mapping, "mt_doc_trip_idx_detailsstart", "tenant_id", start);
        DuplicatedColumn.Index(mapping, "mt_doc_trip_idx_unit_code", "tenant_id", unit, start);
        AddSearchIndexes(mapping);
    }

    /// <summary>The statistics on the trip's status, by which PostgreSQL weighs the partial indexes against each other.</summary>
    public const string StatusStatistics = "mt_doc_trip_status_stats";

    /// <summary>
    /// How the trips spread over the statuses. Every partial index below is chosen by its condition on the status, and without
    /// statistics PostgreSQL guesses a fixed share of the table for each: with thousands of trips back and not yet confirmed,
    /// the dispatch's reservation check, under the pool's register lock, went back from the reservation indexes (a handful of
    /// rows) to the trips-not-over index and filtered all of them (docs/performance.md).
    /// </summary>
    public static void AddStatusStatistics(StoreOptions options) =>
        ExpressionStatistics.Add(options, "TripStatusStatistics",
            new ExpressionStatistics(options.DatabaseSchemaName, StatusStatistics, "mt_doc_trip", "(data ->> 'status'::text)"));

    public static void AddReservationIndexes(DocumentMapping mapping)
    {
        var from = DuplicatedColumn.Add<Trip>(mapping, t => t.Assignment!.ReservedFrom, "assignmentreserved_from", pgType: "timestamptz");
        var until = DuplicatedColumn.Add<Trip>(mapping, t => t.Assignment!.ReservedUntil, "assignmentreserved_until", pgType: "timestamptz");
        // Counting a month of use per car and driver reads this index alone, not the trips' rows.
        DuplicatedColumn.Index(mapping, "mt_doc_trip_idx_assignmentreserved_from", "tenant_id", from).IncludeColumns =
            ["assignmentvehicle_id", "assignmentdriver_id"];
        DuplicatedColumn.Index(mapping, "mt_doc_trip_idx_assignmentreserved_until", "tenant_id", until);
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
        // A car's and a driver's reservations still holding them — what every dispatch reads under the pool's lock — are a
        // handful, whatever the history: a partial index each, which PostgreSQL combines for "this car or this driver".
        foreach (var (name, column) in new[] { ("mt_doc_trip_idx_reserving_vehicle", "assignmentvehicle_id"), ("mt_doc_trip_idx_reserving_driver", "assignmentdriver_id") })
        {
            mapping.Indexes.Add(new DocumentIndex(mapping, "tenant_id", column)
            {
                Name = name,
                Predicate = Reserving,
            });
        }

        // Emergency trips the unit head has still to review: a few, whatever the history.
        mapping.Indexes.Add(new DocumentIndex(mapping, "tenant_id")
        {
            Name = "mt_doc_trip_idx_awaiting_review",
            Predicate = AwaitingReview,
        });
    }

    /// <summary>
    /// What the trips' text search looks in, as PostgreSQL writes each expression back: the dispatch order number as printed
    /// (420102-2026-00012, the order's <c>text</c>), the plate, the destinations and the purpose. <c>ListTrips</c> asks
    /// whether the search text of each holds the search's (<see cref="SearchText.Contains"/>). <c>{0}</c> stands for the document's column: <c>data</c> in the index, <c>d.data</c> in a query.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Expression)> Searched =
    [
        ("order", "(({0} -> 'order'::text) ->> 'text'::text)"),
        ("plate", "(({0} -> 'assignment'::text) ->> 'plate'::text)"),
        ("destinations", "(({0} -> 'details'::text) ->> 'destinations'::text)"),
        ("purpose", "(({0} -> 'details'::text) ->> 'purposeText'::text)"),
    ];

    /// <summary>Who requested the trip, as the search compares it with the requesters whose name or login holds the text.</summary>
    public const string RequestedBy = "({0} ->> 'requestedBy'::text)";

    /// <summary>
    /// A part of an order number, a plate, a destination or a purpose is found through a trigram index on the search text of
    /// each (GIN, <c>gin_trgm_ops</c> over <see cref="SearchText"/>, so that Chinese characters have trigrams too) and the
    /// requesters through a b-tree: PostgreSQL combines them (a BitmapOr) and reads the matching trips only, where it read
    /// every trip of the pool. The condition is exactly the <c>ilike '%…%'</c> it replaces (<see cref="SearchText.Contains"/>),
    /// checked again on each trip the lossy indexes yield. The names are those of the indexes on the plain expressions before.
    /// </summary>
    private static void AddSearchIndexes(DocumentMapping mapping)
    {
        foreach (var (name, expression) in Searched)
            mapping.Indexes.Add(new DocumentIndex(mapping, SearchText.Of(string.Format(expression, "data")))
            {
                Name = $"mt_doc_trip_idx_{name}_trgm",
                Method = IndexMethod.gin,
                Mask = "? gin_trgm_ops",
            });
        mapping.Indexes.Add(new DocumentIndex(mapping, $"({string.Format(RequestedBy, "data")})") { Name = "mt_doc_trip_idx_requested_by" });
    }

    /// <summary>
    /// A trip flagged for review and not yet reviewed: what Marten's query for it implies, written as PostgreSQL writes the
    /// index back, so that the schema check on start finds the index it expects.
    /// </summary>
    private const string AwaitingReview = "((data ->> 'flaggedForReview'))::boolean AND ((data ->> 'reviewOutcome') IS NULL)";

    /// <summary>The statuses in which a trip's assignment holds its car and driver, as the reservation indexes' condition.</summary>
    public static readonly string Reserving =
        $"{Status} = ANY (ARRAY['{TripStatus.Dispatched}', '{TripStatus.Accepted}', '{TripStatus.InProgress}'])";

    /// <summary>The statuses of a trip that is not yet over: what <c>mt_doc_trip_idx_not_over</c> holds.</summary>
    public static readonly TripStatus[] NotOver =
        [TripStatus.Requested, TripStatus.Approved, TripStatus.Dispatched, TripStatus.Accepted, TripStatus.InProgress, TripStatus.Completed];
}
