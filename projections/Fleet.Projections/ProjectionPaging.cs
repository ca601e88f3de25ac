namespace Fleet.Projections;

/// <summary>How many events the daemon reads per page for the projections that keep one document per trip.</summary>
public static class ProjectionPaging
{
    /// <summary>
    /// Fifty times Marten's default of 500. A rebuild writes a trip's document once for every page that holds one of
    /// its events, and a trip's events lie as far apart in the store as the pool's traffic between its request and its
    /// rating: about 3,500 events in the demo city, 9,400 at two and a half times its size. Pages of 5,000 wrote each trip
    /// 1.7 and 2.9 times, so that the rebuild's cost per event grew with the size of the city; pages of 25,000 write it
    /// 1.12 and 1.32 times (docs/performance.md). A page of events is held in memory only while it is projected, and only
    /// a daemon that is behind reads full pages, so the projections the serving daemon runs keep this size.
    /// </summary>
    public const int RebuildBatchSize = 25_000;

    /// <summary>
    /// The trips' own documents are inline: only <c>projections rebuild</c> reads them in pages, so their pages can be four
    /// times larger, which keeps a trip to about one write at either size (1.03 and 1.07) for the memory of one page
    /// of 100,000 events while it is projected (docs/performance.md, rebuilding).
    /// </summary>
    public const int InlineRebuildBatchSize = 100_000;
}
