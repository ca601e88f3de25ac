using System.Globalization;
using Fleet.Domain.Positions.Reconciliation;

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

    /// <summary>
    /// The area trips not approved out of region are approved for, as <c>lat,lon;lat,lon;…</c> around the city (drawn with a
    /// margin, docs/positions/reconciliation.md). None leaves the rule "left the approved area" out of every check.
    /// </summary>
    public string? CityArea { get; set; }

    /// <summary>
    /// Each pool's base, where its cars are kept when not on a trip, as <c>lat,lon</c> by the pool's division code
    /// (<c>Fleet:Positions:Bases:420102</c>): the circle of the policy's base radius around it. A pool without one is
    /// checked without the rules that need a base (away from base outside the window, not back overnight).
    /// </summary>
    public Dictionary<string, string> Bases { get; set; } = [];

    /// <summary>
    /// How long after a trip's finish its track is checked: a terminal may upload its last fixes a little after the car is
    /// back, and the clerk usually confirms the trip in that time, so the check's event rarely meets a command on the trip.
    /// </summary>
    public TimeSpan TripCheckAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after a car's first late fixes of a day (a blind-area upload) its finished trips and that day are checked
    /// again: an upload comes in many batches, and the checks then read all of them once.
    /// </summary>
    public TimeSpan LateCheckAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Local time of day at which yesterday's car-days are checked: after the policy's overnight check (02:00 by default).</summary>
    public TimeSpan DayCheckAt { get; set; } = TimeSpan.FromHours(3);

    public Area? CityAreaOrNone() => CityArea is { } ring ? Area.Polygon([.. Points(ring, $"{Section}:CityArea")]) : null;

    public CarBase? BaseOf(string pool) => Bases.TryGetValue(pool, out var point) ? CarBase.At(Points(point, $"{Section}:Bases:{pool}").Single()) : null;

    private static IEnumerable<GeoPoint> Points(string text, string key) => text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(pair => pair.Split(',', StringSplitOptions.TrimEntries) is [var lat, var lon]
                        && double.TryParse(lat, CultureInfo.InvariantCulture, out var la) && double.TryParse(lon, CultureInfo.InvariantCulture, out var lo)
                        && new GeoPoint(la, lo) is { } p && p.IsOnTheGlobe()
            ? p
            : throw new InvalidOperationException($"{key} is latitude,longitude pairs in degrees separated by ';'; '{pair}' is not one."));

    public void Validate()
    {
        if (RetainDays < 1) throw new InvalidOperationException($"{Section}:RetainDays must be at least one day.");
        if (DaysAhead is < 1 or > 60) throw new InvalidOperationException($"{Section}:DaysAhead must be between 1 and 60.");
        // Read once here, so that a mistyped area or base stops the start rather than every check.
        CityAreaOrNone();
        foreach (var pool in Bases.Keys) BaseOf(pool);
        if (DayCheckAt < TimeSpan.Zero || DayCheckAt >= TimeSpan.FromDays(1)) throw new InvalidOperationException($"{Section}:DayCheckAt is a time of day.");
        if (TripCheckAfter < TimeSpan.Zero || TripCheckAfter > TimeSpan.FromDays(1)) throw new InvalidOperationException($"{Section}:TripCheckAfter is between 0 and a day.");
        if (LateCheckAfter < TimeSpan.Zero || LateCheckAfter > TimeSpan.FromDays(1)) throw new InvalidOperationException($"{Section}:LateCheckAfter is between 0 and a day.");
        if (Gateway.Port is < 0 or > 65535) throw new InvalidOperationException($"{Section}:Gateway:Port must be a TCP port (0 takes a free one).");
        if (Gateway.Writers is < 1 or > 64) throw new InvalidOperationException($"{Section}:Gateway:Writers is between 1 and 64.");
        if (Gateway.BatchPositions is < 1 or > 1_000_000) throw new InvalidOperationException($"{Section}:Gateway:BatchPositions is between 1 and 1,000,000.");
    }
}

/// <summary>Section <c>Fleet:Positions:Gateway</c>: where the JT/T 808 gateway listens for terminals.</summary>
public sealed class GatewaySettings
{
    /// <summary>The TCP port; none leaves the gateway off, 0 takes a free one.</summary>
    public int? Port { get; set; }

    /// <summary>The address to listen on: every interface by default, as terminals call in over the mobile network.</summary>
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>
    /// Batches of reports written at once (each one COPY on a connection of its own): while one waits for its commit, the
    /// next is copied. docs/positions/performance.md has the measurements behind the default.
    /// </summary>
    public int Writers { get; set; } = 2;

    /// <summary>Positions after which a batch takes no more reports.</summary>
    public int BatchPositions { get; set; } = 5_000;

    public bool Enabled => Port is not null;
}
