using Fleet.Jt808.Framing;
using NodaTime;

namespace Fleet.Jt808.Messages;

/// <summary>An additional item of a location report (附加信息) kept as sent: its id and value bytes.</summary>
public sealed record AdditionalItem(byte Id, byte[] Value);

/// <summary>
/// One location report in the protocol's own units: latitude and longitude in millionths of a degree (negative south
/// and west, from status bits 2 and 3), altitude in metres, speed in 0.1 km/h, direction in degrees from north, the
/// terminal's time. Mileage (item 0x01, 0.1 km), fuel (0x02, 0.1 L) and the recorder's speed (0x03, 0.1 km/h) are read;
/// other items are kept as sent for whoever needs them later.
/// </summary>
public sealed record Jt808Position(
    Instant Time,
    int LatitudeMicrodegrees,
    int LongitudeMicrodegrees,
    ushort AltitudeMetres,
    ushort SpeedTenthsKmh,
    ushort Direction,
    uint Alarm = 0,
    uint Status = Jt808Position.PositionedBit,
    uint? MileageTenthsKm = null,
    ushort? FuelTenthsLitre = null,
    ushort? RecorderSpeedTenthsKmh = null,
    IReadOnlyList<AdditionalItem>? OtherItems = null)
{
    public const uint IgnitionBit = 1 << 0;
    public const uint PositionedBit = 1 << 1;
    public const uint SouthBit = 1 << 2;
    public const uint WestBit = 1 << 3;

    /// <summary>Status bit 1: the receiver had a fix. Without one the coordinates are the last known, or zero.</summary>
    public bool Positioned => (Status & PositionedBit) != 0;

    /// <summary>Status bit 0: ACC on.</summary>
    public bool Ignition => (Status & IgnitionBit) != 0;

    public decimal Latitude => LatitudeMicrodegrees / 1_000_000m;

    public decimal Longitude => LongitudeMicrodegrees / 1_000_000m;
}

/// <summary>
/// The 0x0200 body: alarm DWORD, status DWORD, latitude DWORD, longitude DWORD, altitude WORD, speed WORD, direction WORD,
/// time BCD[6], then additional items (id BYTE, length BYTE, value).
/// </summary>
public static class Jt808Positions
{
    public const byte MileageItem = 0x01;
    public const byte FuelItem = 0x02;
    public const byte RecorderSpeedItem = 0x03;

    public static Jt808Position? Read(ref BodyReader body, out string? fault)
    {
        var alarm = body.DWord();
        var status = body.DWord();
        var latitude = body.DWord();
        var longitude = body.DWord();
        var altitude = body.Word();
        var speed = body.Word();
        var direction = body.Word();
        var time = Bcd.Time(body.Bytes(6));
        if (body.Failed) return Fault("the report is shorter than its 28 fixed bytes", out fault);
        if (time is null) return Fault("the time is not a date", out fault);
        if (latitude > 90_000_000 || longitude > 180_000_000) return Fault("the coordinates are outside the globe", out fault);
        if (direction > 359) return Fault("the direction is not a bearing", out fault);

        uint? mileage = null;
        ushort? fuel = null, recorderSpeed = null;
        List<AdditionalItem>? others = null;
        while (body.Remaining > 0)
        {
            var id = body.Byte();
            var length = body.Byte();
            var value = body.Bytes(length);
            if (body.Failed) return Fault($"additional item 0x{id:x2} runs past the body", out fault);
            var item = new BodyReader(value);
            switch (id)
            {
                case MileageItem when length == 4: mileage = item.DWord(); break;
                case FuelItem when length == 2: fuel = item.Word(); break;
                case RecorderSpeedItem when length == 2: recorderSpeed = item.Word(); break;
                case MileageItem or FuelItem or RecorderSpeedItem:
                    return Fault($"additional item 0x{id:x2} has {length} bytes", out fault);
                default: (others ??= []).Add(new AdditionalItem(id, value.ToArray())); break;
            }
        }

        fault = null;
        return new Jt808Position(
            time.Value,
            (status & Jt808Position.SouthBit) != 0 ? -(int)latitude : (int)latitude,
            (status & Jt808Position.WestBit) != 0 ? -(int)longitude : (int)longitude,
            altitude, speed, direction, alarm, status, mileage, fuel, recorderSpeed, others);
    }

    /// <summary>The body of a report; the hemisphere bits of the status follow the signs of the coordinates.</summary>
    public static void Write(BodyWriter w, Jt808Position p)
    {
        var status = p.Status & ~(Jt808Position.SouthBit | Jt808Position.WestBit);
        if (p.LatitudeMicrodegrees < 0) status |= Jt808Position.SouthBit;
        if (p.LongitudeMicrodegrees < 0) status |= Jt808Position.WestBit;
        w.DWord(p.Alarm).DWord(status)
            .DWord((uint)Math.Abs(p.LatitudeMicrodegrees)).DWord((uint)Math.Abs(p.LongitudeMicrodegrees))
            .Word(p.AltitudeMetres).Word(p.SpeedTenthsKmh).Word(p.Direction)
            .Bytes(Bcd.FromTime(p.Time));
        if (p.MileageTenthsKm is { } mileage) w.Byte(MileageItem).Byte(4).DWord(mileage);
        if (p.FuelTenthsLitre is { } fuel) w.Byte(FuelItem).Byte(2).Word(fuel);
        if (p.RecorderSpeedTenthsKmh is { } speed) w.Byte(RecorderSpeedItem).Byte(2).Word(speed);
        foreach (var item in p.OtherItems ?? [])
            w.Byte(item.Id).Byte(checked((byte)item.Value.Length)).Bytes(item.Value);
    }

    private static Jt808Position? Fault(string reason, out string? fault)
    {
        fault = reason;
        return null;
    }
}
