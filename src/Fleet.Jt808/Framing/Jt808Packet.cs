using System.Buffers.Binary;

namespace Fleet.Jt808.Framing;

/// <summary>The two editions in use. 2011 terminals send the 2013 header and are read as 2013.</summary>
public enum Jt808Version
{
    V2013,
    V2019,
}

/// <summary>Which of the packets of a split message this is: 1-based index of the count (JT/T 808 §4.4.3, 消息包封装项).</summary>
public readonly record struct Jt808Subpackage(ushort Count, ushort Index);

/// <summary>
/// A message header (JT/T 808 §4.4.3). <see cref="Phone"/> is the terminal's number without its padding zeros;
/// <see cref="Encryption"/> the three encryption bits (0 = none, 1 = RSA); <see cref="ProtocolVersion"/> is only on the
/// wire in 2019 (1 for the 2019 edition).
/// </summary>
public sealed record Jt808Header(
    ushort MessageId,
    Jt808Version Version,
    string Phone,
    ushort Serial,
    Jt808Subpackage? Subpackage = null,
    int Encryption = 0,
    byte ProtocolVersion = 1);

/// <summary>A frame's header and its (unescaped, still encoded) body.</summary>
public sealed record Jt808Packet(Jt808Header Header, byte[] Body);

/// <summary>Why a frame was not read. None of these is answered: the sender or its serial cannot be trusted.</summary>
public enum FrameFault
{
    BadEscape,
    BadCheckCode,
    TooShort,
    LengthMismatch,
    BadPhone,
    BadSubpackage,
    Oversize,
}

/// <summary>A frame read: a packet, or the fault that kept it from being one.</summary>
public readonly record struct FrameReading(Jt808Packet? Packet, FrameFault? Fault)
{
    public static FrameReading Read(Jt808Packet packet) => new(packet, null);
    public static FrameReading Refused(FrameFault fault) => new(null, fault);
}

/// <summary>
/// Header layout: message id WORD, body attributes WORD (bits 0–9 body length, 10–12 encryption, 13 split,
/// 14 version flag = 2019), [2019: protocol version BYTE], phone BCD[6] (2013) or BCD[10] (2019), serial WORD,
/// [split: packet count WORD, packet index WORD].
/// </summary>
public static class Jt808Packets
{
    /// <summary>The body length field has ten bits.</summary>
    public const int MaxBodyLength = 0x3ff;

    private const int SplitBit = 1 << 13;
    private const int VersionBit = 1 << 14;

    /// <summary>The longest escaped frame a terminal can send in one packet: 2019 header with split items, a full body, the check code, each byte escaped.</summary>
    public const int MaxEscapedFrameLength = 2 * (21 + MaxBodyLength + 1);

    /// <summary>Reads what lies between two flags. The span is unescaped in place.</summary>
    public static FrameReading Read(Span<byte> escaped)
    {
        if (!Jt808Escaping.TryUnescape(escaped, out var length)) return FrameReading.Refused(FrameFault.BadEscape);
        if (length < 13) return FrameReading.Refused(FrameFault.TooShort);
        var content = escaped[..(length - 1)];
        if (Jt808Escaping.CheckCode(content) != escaped[length - 1]) return FrameReading.Refused(FrameFault.BadCheckCode);

        var id = BinaryPrimitives.ReadUInt16BigEndian(content);
        var attributes = BinaryPrimitives.ReadUInt16BigEndian(content[2..]);
        var version = (attributes & VersionBit) != 0 ? Jt808Version.V2019 : Jt808Version.V2013;
        var split = (attributes & SplitBit) != 0;
        var headerLength = (version == Jt808Version.V2019 ? 17 : 12) + (split ? 4 : 0);
        if (content.Length < headerLength) return FrameReading.Refused(FrameFault.TooShort);

        var at = 4;
        byte protocolVersion = 0;
        if (version == Jt808Version.V2019) protocolVersion = content[at++];
        var phoneLength = version == Jt808Version.V2019 ? 10 : 6;
        if (!Bcd.TryPhone(content.Slice(at, phoneLength), out var phone)) return FrameReading.Refused(FrameFault.BadPhone);
        at += phoneLength;
        var serial = BinaryPrimitives.ReadUInt16BigEndian(content[at..]);
        at += 2;

        Jt808Subpackage? subpackage = null;
        if (split)
        {
            var count = BinaryPrimitives.ReadUInt16BigEndian(content[at..]);
            var index = BinaryPrimitives.ReadUInt16BigEndian(content[(at + 2)..]);
            if (count == 0 || index == 0 || index > count) return FrameReading.Refused(FrameFault.BadSubpackage);
            subpackage = new Jt808Subpackage(count, index);
            at += 4;
        }

        var body = content[at..];
        if (body.Length != (attributes & MaxBodyLength)) return FrameReading.Refused(FrameFault.LengthMismatch);

        var header = new Jt808Header(id, version, phone, serial, subpackage, (attributes >> 10) & 0b111, protocolVersion);
        return FrameReading.Read(new Jt808Packet(header, body.ToArray()));
    }

    /// <summary>One frame for the wire, flags included. The body must fit one packet; <see cref="WriteSplit"/> splits longer ones.</summary>
    public static byte[] Write(Jt808Header header, ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxBodyLength)
            throw new ArgumentException($"A body of {body.Length} bytes does not fit one packet ({MaxBodyLength}); split it.", nameof(body));

        var writer = new BodyWriter().Word(header.MessageId);
        var attributes = body.Length | ((header.Encryption & 0b111) << 10);
        if (header.Subpackage is not null) attributes |= SplitBit;
        if (header.Version == Jt808Version.V2019) attributes |= VersionBit;
        writer.Word((ushort)attributes);
        if (header.Version == Jt808Version.V2019) writer.Byte(header.ProtocolVersion);
        writer.Bytes(Bcd.FromDigits(header.Phone, header.Version == Jt808Version.V2019 ? 10 : 6));
        writer.Word(header.Serial);
        if (header.Subpackage is { } sub) writer.Word(sub.Count).Word(sub.Index);
        writer.Bytes(body);
        return Jt808Escaping.Frame(writer.ToArray());
    }

    /// <summary>
    /// A long body as consecutive packets of at most <paramref name="packetBody"/> bytes, with consecutive serials from
    /// the header's: how a terminal sends what one packet cannot hold.
    /// </summary>
    public static IReadOnlyList<byte[]> WriteSplit(Jt808Header header, ReadOnlySpan<byte> body, int packetBody = MaxBodyLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(packetBody, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packetBody, MaxBodyLength);
        var count = Math.Max(1, (body.Length + packetBody - 1) / packetBody);
        var frames = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var part = body.Slice(i * packetBody, Math.Min(packetBody, body.Length - i * packetBody));
            var partHeader = header with
            {
                Serial = (ushort)(header.Serial + i),
                Subpackage = new Jt808Subpackage((ushort)count, (ushort)(i + 1)),
            };
            frames.Add(Write(partHeader, part));
        }

        return frames;
    }
}
