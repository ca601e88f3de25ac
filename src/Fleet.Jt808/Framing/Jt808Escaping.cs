namespace Fleet.Jt808.Framing;

/// <summary>
/// The transport rules of JT/T 808 §4.4.1: a frame is 0x7e, header, body, check code, 0x7e; inside it 0x7e travels as
/// 0x7d 0x02 and 0x7d as 0x7d 0x01, so a flag byte only ever marks a frame's edge. The check code is the XOR of every
/// byte of header and body, computed before escaping and checked after unescaping.
/// </summary>
public static class Jt808Escaping
{
    public const byte Flag = 0x7e;
    public const byte Escape = 0x7d;

    public static byte CheckCode(ReadOnlySpan<byte> headerAndBody)
    {
        byte code = 0;
        foreach (var b in headerAndBody) code ^= b;
        return code;
    }

    /// <summary>Header and body wrapped for the wire: the check code appended, everything escaped, a flag at each end.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> headerAndBody)
    {
        var check = CheckCode(headerAndBody);
        var length = 2 + EscapedLength(headerAndBody) + EscapedLength([check]);
        var frame = new byte[length];
        var at = 0;
        frame[at++] = Flag;
        at = WriteEscaped(headerAndBody, frame, at);
        at = WriteEscaped([check], frame, at);
        frame[at] = Flag;
        return frame;
    }

    /// <summary>
    /// Undoes the escaping in place, over what lies between two flags; false when an escape byte is followed by
    /// anything but 0x01 or 0x02, or ends the frame: such a frame was damaged and is not guessed at.
    /// </summary>
    public static bool TryUnescape(Span<byte> frame, out int length)
    {
        var to = 0;
        for (var from = 0; from < frame.Length; from++)
        {
            var b = frame[from];
            if (b == Flag) { length = 0; return false; }
            if (b == Escape)
            {
                var next = from + 1 < frame.Length ? frame[++from] : (byte)0;
                if (next is not (0x01 or 0x02)) { length = 0; return false; }
                b = next == 0x01 ? Escape : Flag;
            }

            frame[to++] = b;
        }

        length = to;
        return true;
    }

    private static int EscapedLength(ReadOnlySpan<byte> bytes)
    {
        var length = bytes.Length;
        foreach (var b in bytes)
            if (b is Flag or Escape) length++;
        return length;
    }

    private static int WriteEscaped(ReadOnlySpan<byte> bytes, byte[] into, int at)
    {
        foreach (var b in bytes)
        {
            switch (b)
            {
                case Flag: into[at++] = Escape; into[at++] = 0x02; break;
                case Escape: into[at++] = Escape; into[at++] = 0x01; break;
                default: into[at++] = b; break;
            }
        }

        return at;
    }
}
