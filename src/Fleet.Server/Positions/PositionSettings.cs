namespace Fleet.Server.Positions;

/// <summary>
/// Section <c>Fleet:Positions</c>: how long positions are kept (a day's partition is dropped whole once it is older), and
/// how many days ahead their partitions are made, so that no report waits for one to be created.
/// </summary>
public sealed class PositionSettings
{
    public const string Section = "Fleet:Positions";

    /// <summary>Tracks are the drivers' personal data: kept a year and a day by default, long enough for a yearly audit.</summary>
    public int RetainDays { get; set; } = 366;

    public int DaysAhead { get; set; } = 3;

    public void Validate()
    {
        if (RetainDays < 1) throw new InvalidOperationException($"{Section}:RetainDays must be at least one day.");
        if (DaysAhead is < 1 or > 60) throw new InvalidOperationException($"{Section}:DaysAhead must be between 1 and 60.");
    }
}
