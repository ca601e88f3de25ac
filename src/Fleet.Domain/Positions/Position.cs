using NodaTime;

namespace Fleet.Domain.Positions;

/// <summary>
/// One position a terminal reported (JT/T 808 位置信息汇报), in the units the protocol sends, so that nothing is lost
/// or rounded on the way into the store. It is a measurement, not an event: what is concluded from many of them is.
/// </summary>
/// <param name="Terminal">The reporting terminal's number in twelve digits (<see cref="TerminalNumber"/>).</param>
/// <param name="At">When the terminal took the fix, by its own clock (sent as BCD time in UTC+8).</param>
/// <param name="ReceivedAt">When the platform received the report: later than <paramref name="At"/> for a batch resent after a gap.</param>
/// <param name="Latitude">Millionths of a degree, north positive (the protocol's ×10⁶ with the status bit's sign applied).</param>
/// <param name="Longitude">Millionths of a degree, east positive.</param>
/// <param name="Altitude">Metres above sea level.</param>
/// <param name="Speed">Tenths of a km/h.</param>
/// <param name="Direction">Degrees from north, 0–359.</param>
/// <param name="Alarm">The alarm flag bits as sent.</param>
/// <param name="Status">The status bits as sent (ACC on, fix valid, …).</param>
/// <param name="Mileage">The terminal's odometer in tenths of a km (additional item 0x01), when it sends one.</param>
/// <param name="Fuel">Fuel in tenths of a litre (additional item 0x02), when it sends one.</param>
public sealed record Position(
    string Terminal,
    Instant At,
    Instant ReceivedAt,
    int Latitude,
    int Longitude,
    int Altitude,
    int Speed,
    int Direction,
    uint Alarm,
    uint Status,
    long? Mileage = null,
    int? Fuel = null)
{
    public double LatitudeDegrees => Latitude / 1_000_000d;
    public double LongitudeDegrees => Longitude / 1_000_000d;
}

/// <summary>Why a reported position is not kept.</summary>
public enum PositionRefusal
{
    /// <summary>No car carries the terminal: it was never bound, or was unbound. Never stored against any car.</summary>
    UnknownTerminal,

    /// <summary>Latitude, longitude, altitude, direction or speed outside what a car on Earth can report.</summary>
    OutOfRange,

    /// <summary>Taken later than the platform's clock allows for a terminal whose clock is a little ahead.</summary>
    InTheFuture,

    /// <summary>Older than the positions are kept for: its day is already dropped.</summary>
    TooOld,
}

/// <summary>The checks every position passes before it is stored, whoever decoded it.</summary>
public static class PositionRules
{
    /// <summary>How far ahead of the platform a terminal's clock may run before its fixes are refused.</summary>
    public static readonly Duration ClockSkew = Duration.FromMinutes(5);

    /// <summary>The fastest a road vehicle is believed: 400 km/h, far above any car in a public fleet.</summary>
    public const int MaxSpeed = 4000;

    /// <summary>Below the Dead Sea and above the highest road, with room for a poor fix's altitude.</summary>
    public const int MinAltitude = -1000;

    public const int MaxAltitude = 10_000;

    public static PositionRefusal? Check(Position position, Instant now, Instant keptSince)
    {
        if (position.Latitude is < -90_000_000 or > 90_000_000 || position.Longitude is < -180_000_000 or > 180_000_000 ||
            position.Direction is < 0 or > 359 || position.Altitude is < MinAltitude or > MaxAltitude || position.Speed is < 0 or > MaxSpeed || position.Mileage < 0 || position.Fuel < 0)
            return PositionRefusal.OutOfRange;
        if (position.At > now + ClockSkew) return PositionRefusal.InTheFuture;
        if (position.At < keptSince) return PositionRefusal.TooOld;
        return null;
    }
}
