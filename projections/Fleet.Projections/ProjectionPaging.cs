namespace Fleet.Projections;

/// <summary>How many events the daemon reads per page for the projections that keep one document per trip.</summary>
public static class ProjectionPaging
{
    /// <summary>
    /// Fifty times Marten's default of 500. A rebuild writes a trip's document once for every page that holds one of
    /// its events, and a trip's events lie as far apart in the store as the pool's traffic between its request and its
    /// rating: about 3,500 events in the demo city, 9,400 at two and a half times its size. Pages of 25,000 keep that to
    /// little more than one write per trip at either size; pages of 5,000 wrote each trip 1.7 and 2.9 times, so that
    /// the rebuild's cost per event grew with the size of the city (docs/performance.md). A page of events is held in
    /// memory only while it is projected, and only a daemon that is behind reads full pages.
    /// </summary>
    public const int RebuildBatchSize = 25_000;
}
