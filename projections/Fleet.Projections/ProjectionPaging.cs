namespace Fleet.Projections;

/// <summary>How many events the daemon reads per page for the projections that keep one document per trip.</summary>
public static class ProjectionPaging
{
    /// <summary>
    /// Ten times Marten's default of 500: a page then holds most of the events of the trips it touches, so a rebuild
    /// writes each trip's document about once per page instead of once per event (measured in docs/performance.md).
    /// </summary>
    public const int RebuildBatchSize = 5_000;
}
