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

    /// <summary>The JT/T 808 gateway for in-car terminals: off unless a port is set.</summary>
    public GatewaySettings Gateway { get; set; } = new();

    public void Validate()
    {
        if (RetainDays < 1) throw new InvalidOperationException($"{Section}:RetainDays must be at least one day.");
        if (DaysAhead is < 1 or > 60) throw new InvalidOperationException($"{Section}:DaysAhead must be between 1 and 60.");
        if (Gateway.Port is < 0 or > 65535) throw new InvalidOperationException($"{Section}:Gateway:Port must be a TCP port (0 takes a free one).");
    }
}

/// <summary>Section <c>Fleet:Positions:Gateway</c>: where the JT/T 808 gateway listens for terminals.</summary>
public sealed class GatewaySettings
{
    /// <summary>The TCP port; none leaves the gateway off, 0 takes a free one.</summary>
    public int? Port { get; set; }

    /// <summary>The address to listen on: every interface by default, as terminals call in over the mobile network.</summary>
    public string Host { get; set; } = "0.0.0.0";

    public bool Enabled => Port is not null;
}
